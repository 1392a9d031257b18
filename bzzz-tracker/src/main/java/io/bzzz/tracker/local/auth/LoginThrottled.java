package io.bzzz.tracker.local.auth;

import java.time.Duration;

/**
 * Too many failed password logins for this user or from this address: the password is not checked
 * until {@link #retryAfter} has passed. Answered with 429 and {@code Retry-After}.
 */
public final class LoginThrottled extends RuntimeException {
  private final Duration retryAfter;

  public LoginThrottled(Duration retryAfter) {
    super("too many failed logins; retry after " + seconds(retryAfter) + " seconds");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whole seconds, rounded up, as {@code Retry-After} wants them. */
  public long retryAfterSeconds() {
    return seconds(retryAfter);
  }

  private static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }
}
