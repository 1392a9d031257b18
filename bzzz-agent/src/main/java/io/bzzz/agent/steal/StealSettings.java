package io.bzzz.agent.steal;

import java.time.Duration;

/**
 * Work stealing's parameters (docs/scheduling.md#work-stealing).
 *
 * @param enabled off: a claimed task starts at once, whatever the load, as before
 * @param sustain how long the CPU must stay above {@link #OVERLOADED} before this agent offers the
 *     tasks it has not started
 * @param window how long an offer stands; the owner waits one more window before it looks whether a
 *     peer took the task
 */
public record StealSettings(boolean enabled, Duration sustain, Duration window) {
  /** CPU load above which, sustained, an agent is overloaded (the seed's 0.8). */
  public static final double OVERLOADED = 0.8;

  /** CPU load below which an agent is idle and may take offered work (the seed's 0.3). */
  public static final double IDLE = 0.3;

  /** Offers of one task before its owner starts it anyway: unstarted work must not wait forever. */
  public static final int ROUNDS = 3;

  public static final StealSettings DEFAULT =
      new StealSettings(false, Duration.ofSeconds(30), Duration.ofSeconds(3));

  public StealSettings {
    if (sustain.isNegative() || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          "the steal window must be positive, the sustain not negative");
    }
  }

  /** How often the load is sampled: every second, more often for a short sustain. */
  public Duration sampleEvery() {
    Duration quarter = sustain.dividedBy(4);
    if (quarter.compareTo(Duration.ofMillis(50)) < 0) {
      return Duration.ofMillis(50);
    }
    return quarter.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : quarter;
  }
}
