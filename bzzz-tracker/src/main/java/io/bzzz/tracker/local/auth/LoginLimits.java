package io.bzzz.tracker.local.auth;

import java.time.Duration;

/**
 * How many failed password logins are tolerated before a lock-out: per user and per client address,
 * each counted within {@code window}; a locked key waits {@code lockout}.
 */
public record LoginLimits(
    int failuresPerUser, int failuresPerAddress, Duration window, Duration lockout) {

  /** 10 failures per user, 30 per address, in 10 minutes; then 10 minutes of refusal. */
  public static final LoginLimits DEFAULT =
      new LoginLimits(10, 30, Duration.ofMinutes(10), Duration.ofMinutes(10));

  public LoginLimits {
    if (failuresPerUser < 1 || failuresPerAddress < 1) {
      throw new IllegalArgumentException("failure limits must be at least 1");
    }
    if (window.isNegative() || window.isZero() || lockout.isNegative() || lockout.isZero()) {
      throw new IllegalArgumentException("window and lockout must be positive");
    }
  }
}
