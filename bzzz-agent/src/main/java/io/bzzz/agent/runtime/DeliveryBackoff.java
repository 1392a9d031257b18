package io.bzzz.agent.runtime;

import java.time.Duration;

/**
 * How long a pending delivery waits before its next try: {@code first}, doubling per failed try,
 * capped at {@code cap} (default 1 s → 60 s). A delivery is retried for as long as the fence holds,
 * so the cap bounds the delay after a long outage ends, and the cost of a hopeless retry to one
 * request a minute. The worker also retries at once when the tracker is seen answering again.
 */
record DeliveryBackoff(Duration first, Duration cap) {
  static final DeliveryBackoff DEFAULT =
      new DeliveryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

  DeliveryBackoff {
    if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
      throw new IllegalArgumentException("need 0 < first <= cap");
    }
  }

  /** The wait after {@code failures} failed tries (1 for the first). */
  Duration after(int failures) {
    long millis = first.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
    return Duration.ofMillis(Math.min(millis, cap.toMillis()));
  }
}
