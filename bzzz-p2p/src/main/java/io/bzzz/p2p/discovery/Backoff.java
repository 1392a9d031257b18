package io.bzzz.p2p.discovery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: attempt n waits {@code min(max, base * 2^n)}, scaled by a random
 * factor in [0.75, 1.0] so that peers that failed together do not retry together.
 */
public record Backoff(Duration base, Duration max) {
  public Backoff {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= max");
    }
  }

  public static Backoff defaults() {
    return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
  }

  /** The wait after {@code failures} consecutive failures (1 = the first failure). */
  public Duration delay(int failures, RandomGenerator random) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    long cap = max.toNanos();
    long nanos = base.toNanos();
    for (int i = 1; i < failures && nanos < cap; i++) {
      nanos = nanos > cap / 2 ? cap : nanos * 2;
    }
    double jitter = 0.75 + 0.25 * random.nextDouble();
    return Duration.ofNanos((long) (nanos * jitter));
  }
}
