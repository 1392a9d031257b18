package io.bzzz.agent.exec.llm;

import java.time.Duration;
import java.util.Optional;

/** A model server's answer that is not a turn; the kind decides retry, help or failure. */
public final class LlmException extends Exception {

  public enum Kind {
    /** 404 for the model: another agent may have it. */
    UNKNOWN_MODEL,
    /** 503 or 429: try again later. */
    BUSY,
    /** The stream broke or reported an error part-way: the turn may be retried. */
    STREAM_BROKEN,
    /** Connection refused, DNS, timeout before the answer began. */
    UNREACHABLE,
    /** 401 or 403: the key is wrong; retrying will not help. */
    UNAUTHORIZED,
    /** Anything else the server got wrong (400, 500, unparseable output). */
    BAD_RESPONSE
  }

  private final Kind kind;
  private final Optional<Duration> retryAfter;

  public LlmException(Kind kind, String message) {
    this(kind, message, Optional.empty(), null);
  }

  public LlmException(Kind kind, String message, Optional<Duration> retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  public boolean retryable() {
    return kind == Kind.BUSY || kind == Kind.STREAM_BROKEN || kind == Kind.UNREACHABLE;
  }
}
