package io.bzzz.tracker.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.tracker.TrackerException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * What to do with an answer: use it, wait and retry, or give up. Pure: the caller supplies the
 * time, the attempt number and the randomness, and does the waiting.
 *
 * <p>GitHub's rules (REST docs, "Rate limits"): a 403 or 429 with {@code x-ratelimit-remaining: 0}
 * waits until {@code x-ratelimit-reset}; one with {@code retry-after} waits that many seconds; a
 * secondary limit without either waits at least a minute, then exponentially longer. Gitea sends
 * 429 with {@code retry-after} when rate limited. 5xx and lost connections back off exponentially.
 */
public final class RetryRules {

  /** The verdict on one answer. */
  public sealed interface Verdict {
    record Accept() implements Verdict {}

    record Retry(Duration delay, boolean outcomeUnknown) implements Verdict {}

    record Fail(TrackerException error) implements Verdict {}
  }

  private final HttpPolicy policy;
  private final RandomGenerator random;
  private final UnaryOperator<String> redact;

  /**
   * @param redact scrubs secrets from server-provided text before it enters an exception
   */
  public RetryRules(HttpPolicy policy, RandomGenerator random, UnaryOperator<String> redact) {
    this.policy = policy;
    this.random = random;
    this.redact = redact;
  }

  /**
   * @param attempt 1 for the first try
   * @param what the operation, for messages ("POST /repos/o/r/issues")
   */
  public Verdict judge(ApiReply response, int attempt, Instant now, String what) {
    int status = response.status();
    if (status < 400 || status == 304) {
      return new Verdict.Accept();
    }
    String message = redact.apply(message(response.body()));
    if (status == 403 || status == 429) {
      Optional<Duration> wait = rateLimitWait(response, now, attempt, message, status);
      if (wait.isPresent()) {
        return retryOrGiveUp(wait.get(), attempt, now, what + ": rate limited", false);
      }
      return new Verdict.Fail(
          new TrackerException.Unauthorized(
              what + ": forbidden (403): " + message + "; check the token's permissions"));
    }
    if (status >= 500) {
      Duration wait = backoff(attempt);
      if (attempt >= policy.maxAttempts()) {
        return new Verdict.Fail(
            new TrackerException.ServerError(
                what + ": server error " + status + " after " + attempt + " tries: " + message,
                status));
      }
      return new Verdict.Retry(wait, true);
    }
    return new Verdict.Fail(clientError(status, what, message));
  }

  /** After a lost connection: retry with backoff, or give up. */
  public Verdict connectionLost(int attempt, String what, Exception cause, boolean outcomeUnknown) {
    if (attempt >= policy.maxAttempts()) {
      return new Verdict.Fail(
          new TrackerException.Unreachable(
              what + ": no answer after " + attempt + " tries: " + redact.apply(reason(cause)),
              cause));
    }
    return new Verdict.Retry(backoff(attempt), outcomeUnknown);
  }

  /**
   * Why the connection failed, never "null": the JDK's HTTP client throws a ConnectException
   * without a message when the port is closed.
   */
  static String reason(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return switch (cause) {
      case java.net.http.HttpConnectTimeoutException e -> "connect timed out";
      case java.net.ConnectException e -> "connection refused";
      case java.net.http.HttpTimeoutException e -> "timed out";
      default -> cause.getClass().getSimpleName();
    };
  }

  private Optional<Duration> rateLimitWait(
      ApiReply response, Instant now, int attempt, String message, int status) {
    Optional<Long> retryAfter = response.header("retry-after").flatMap(RetryRules::parseLong);
    if (retryAfter.isPresent()) {
      return Optional.of(Duration.ofSeconds(Math.max(0, retryAfter.get())));
    }
    boolean exhausted =
        response.header("x-ratelimit-remaining").flatMap(RetryRules::parseLong).orElse(-1L) == 0;
    Optional<Long> reset = response.header("x-ratelimit-reset").flatMap(RetryRules::parseLong);
    if (exhausted && reset.isPresent()) {
      Duration until = Duration.between(now, Instant.ofEpochSecond(reset.get()));
      // One extra second: the reset time is whole seconds and clocks drift.
      return Optional.of(until.isNegative() ? Duration.ofSeconds(1) : until.plusSeconds(1));
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (status == 429 || exhausted || lower.contains("rate limit") || lower.contains("abuse")) {
      long factor = 1L << Math.min(attempt - 1, 10);
      return Optional.of(policy.secondaryLimitWait().multipliedBy(factor));
    }
    return Optional.empty();
  }

  private Verdict retryOrGiveUp(
      Duration wait, int attempt, Instant now, String what, boolean outcomeUnknown) {
    if (attempt >= policy.maxAttempts() || wait.compareTo(policy.maxWait()) > 0) {
      return new Verdict.Fail(
          new TrackerException.RateLimited(what + " after " + attempt + " tries", now.plus(wait)));
    }
    return new Verdict.Retry(wait, outcomeUnknown);
  }

  /** base * 2^(attempt-1), capped, with up to 25% jitter so that agents do not retry in step. */
  Duration backoff(int attempt) {
    long base = policy.baseBackoff().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, policy.maxBackoff().toMillis());
    long jitter = capped <= 0 ? 0 : random.nextLong(capped / 4 + 1);
    return Duration.ofMillis(capped - jitter);
  }

  private static TrackerException clientError(int status, String what, String message) {
    String text = what + ": " + status + " " + message;
    return switch (status) {
      case 401 -> new TrackerException.Unauthorized(text + "; the token is missing or wrong");
      case 404 -> new TrackerException.NotFound(text);
      case 409 -> new TrackerException.Conflict(text);
      case 422 ->
          message.toLowerCase(Locale.ROOT).contains("already exist")
              ? new TrackerException.Conflict(text)
              : new TrackerException.InvalidInput(text);
      default -> new TrackerException.InvalidInput(text);
    };
  }

  /** The {@code message} field of an error body (GitHub and Gitea both send one), shortened. */
  static String message(JsonNode body) {
    String text = body != null && body.hasNonNull("message") ? body.get("message").asText() : "";
    if (body != null && body.has("errors") && body.get("errors").isArray()) {
      for (JsonNode e : body.get("errors")) {
        if (e.hasNonNull("message")) {
          text += " (" + e.get("message").asText() + ")";
        } else if (e.hasNonNull("code")) {
          text += " (" + e.get("code").asText() + ")";
        }
      }
    }
    text = text.replaceAll("[\\p{Cntrl}]", " ");
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  private static Optional<Long> parseLong(String s) {
    try {
      return Optional.of(Long.parseLong(s.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
