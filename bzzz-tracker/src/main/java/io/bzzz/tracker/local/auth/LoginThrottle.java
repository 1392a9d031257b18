package io.bzzz.tracker.local.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds password guessing: after {@code maxFailures} failed logins for one key (a user, or an
 * address) within {@code window}, that key is locked out for {@code lockout}, during which no
 * password is even checked for it. Each check costs ~0.5 s of PBKDF2, so this also bounds the CPU a
 * guesser can burn. Time comes from an injected clock. Tokens are not throttled: they carry 160
 * random bits and cost one hash.
 */
public final class LoginThrottle {
  /** Above this many tracked keys, expired ones are dropped: memory stays bounded. */
  private static final int PRUNE_ABOVE = 10_000;

  private final InstantSource clock;
  private final int maxFailures;
  private final Duration window;
  private final Duration lockout;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  /** Failures of one key since {@code since}; locked until {@code lockedUntil} when set. */
  private record Failures(int count, Instant since, Optional<Instant> lockedUntil) {}

  public LoginThrottle(InstantSource clock, int maxFailures, Duration window, Duration lockout) {
    if (maxFailures < 1 || window.isNegative() || window.isZero() || lockout.isNegative()) {
      throw new IllegalArgumentException("maxFailures >= 1, window > 0 and lockout >= 0");
    }
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
    this.lockout = lockout;
  }

  /** Throws {@link LoginThrottled} while {@code key} is locked out. */
  public void check(String key) {
    Failures f = failures.get(key);
    if (f == null || f.lockedUntil().isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Instant until = f.lockedUntil().get();
    if (now.isBefore(until)) {
      throw new LoginThrottled(Duration.between(now, until));
    }
  }

  /** Counts a failed login for {@code key}; the {@code maxFailures}-th in the window locks it. */
  public void failed(String key) {
    Instant now = clock.instant();
    failures.compute(
        key,
        (k, old) -> {
          Failures f =
              old == null || expired(old, now) ? new Failures(0, now, Optional.empty()) : old;
          int count = f.count() + 1;
          return count >= maxFailures
              ? new Failures(0, now, Optional.of(now.plus(lockout)))
              : new Failures(count, f.since(), f.lockedUntil());
        });
    if (failures.size() > PRUNE_ABOVE) {
      failures.entrySet().removeIf(e -> expired(e.getValue(), now));
    }
  }

  /** A correct password: the key's count starts again. */
  public void succeeded(String key) {
    failures.remove(key);
  }

  private boolean expired(Failures f, Instant now) {
    boolean locked = f.lockedUntil().map(now::isBefore).orElse(false);
    return !locked && !now.isBefore(f.since().plus(window));
  }
}
