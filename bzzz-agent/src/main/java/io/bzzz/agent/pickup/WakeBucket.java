package io.bzzz.agent.pickup;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A token bucket for the review loop's wake-ups: the signature covers the body but not the delivery
 * id, so a captured signed delivery can be replayed under fresh ids; each wake costs a few tracker
 * calls, so they are bounded like task hints ({@link PollHints}). A dropped wake is found by the
 * next poll.
 */
final class WakeBucket {
  static final int BURST = 20;
  static final double PER_SECOND = 2.0;

  private final LongSupplier nanos;
  private final ReentrantLock lock = new ReentrantLock();
  private double tokens = BURST;
  private long refilled;

  WakeBucket(LongSupplier nanos) {
    this.nanos = nanos;
    this.refilled = nanos.getAsLong();
  }

  boolean take() {
    lock.lock();
    try {
      long now = nanos.getAsLong();
      tokens = Math.min(BURST, tokens + Math.max(0, now - refilled) / 1e9 * PER_SECOND);
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
