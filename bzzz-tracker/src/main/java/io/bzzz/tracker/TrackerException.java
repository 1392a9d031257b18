package io.bzzz.tracker;

/**
 * A tracker call failed. The subclass says what it means for the caller: whether to fix
 * configuration, wait, move on or retry later. Messages name the operation and the repository,
 * never a token.
 */
public abstract sealed class TrackerException extends RuntimeException
    permits TrackerException.Unauthorized,
        TrackerException.NotFound,
        TrackerException.RateLimited,
        TrackerException.Conflict,
        TrackerException.ServerError,
        TrackerException.InvalidInput,
        TrackerException.BadResponse,
        TrackerException.Unreachable,
        TrackerException.Superseded {

  private TrackerException(String message, Throwable cause) {
    super(message, cause);
  }

  /** 401, or 403 without a rate limit: the token is missing, wrong or lacks a permission. */
  public static final class Unauthorized extends TrackerException {
    public Unauthorized(String message) {
      super(message, null);
    }
  }

  /** 404: the repository, issue or branch does not exist (or the token cannot see it). */
  public static final class NotFound extends TrackerException {
    public NotFound(String message) {
      super(message, null);
    }
  }

  /** The tracker refuses calls until {@link #retryAt()}; retrying earlier makes it worse. */
  public static final class RateLimited extends TrackerException {
    private final java.time.Instant retryAt;

    public RateLimited(String message, java.time.Instant retryAt) {
      super(message + " (retry after " + retryAt + ")", null);
      this.retryAt = retryAt;
    }

    public java.time.Instant retryAt() {
      return retryAt;
    }
  }

  /** 409 or 422 "already exists": what the call would create is already there. */
  public static final class Conflict extends TrackerException {
    public Conflict(String message) {
      super(message, null);
    }
  }

  /** 5xx after every retry. */
  public static final class ServerError extends TrackerException {
    private final int status;

    public ServerError(String message, int status) {
      super(message, null);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** 400 or 422: the tracker rejected what we sent (unknown label, bad field). */
  public static final class InvalidInput extends TrackerException {
    public InvalidInput(String message) {
      super(message, null);
    }
  }

  /** The tracker answered something we cannot read: malformed JSON, a missing field, too big. */
  public static final class BadResponse extends TrackerException {
    public BadResponse(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The tracker could not be reached (connection refused, reset, timed out) after retries. */
  public static final class Unreachable extends TrackerException {
    public Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The fence failed: a later attempt exists, so this agent no longer owns the task and must not
   * push or open a pull request.
   */
  public static final class Superseded extends TrackerException {
    private final Claim mine;
    private final int current;

    public Superseded(Claim mine, int current) {
      super(
          "task #"
              + mine.number()
              + " was reclaimed: attempt "
              + current
              + " supersedes our attempt "
              + mine.attempt(),
          null);
      this.mine = mine;
      this.current = current;
    }

    public Claim mine() {
      return mine;
    }

    public int currentAttempt() {
      return current;
    }
  }
}
