package io.bzzz.agent.pickup;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most {@link #BURST} at once, refilled at {@link #PER_SECOND} a second: the bound on what a
 * flood of hints or signed deliveries (forged or replayed under fresh ids) can make the agent do.
 * Each take costs tracker calls; whatever is refused is found by the next poll.
 */
final class TokenBucket {
  static final int BURST = 20;
  static final double PER_SECOND = 2.0;

  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private double tokens = BURST;
  private Instant refilled;

  TokenBucket(InstantSource clock) {
    this.clock = clock;
    this.refilled = clock.instant();
  }

  boolean take() {
    lock.lock();
    try {
      Instant now = clock.instant();
      double elapsed = Math.max(0, Duration.between(refilled, now).toNanos() / 1e9);
      tokens = Math.min(BURST, tokens + elapsed * PER_SECOND);
      refilled = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    } finally {
      lock.unlock();
    }
  }
}
