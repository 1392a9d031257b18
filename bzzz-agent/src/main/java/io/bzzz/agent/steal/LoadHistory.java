package io.bzzz.agent.steal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The machine's CPU load over time, from samples: overloaded when every sample for at least the
 * sustain period was above {@link StealSettings#OVERLOADED}; idle when the latest one is below
 * {@link StealSettings#IDLE}. A reading older than a few sample periods counts as none (the sampler
 * stopped), so a stale value neither offers nor takes work.
 */
public final class LoadHistory {
  private final Duration sustain;
  private final Duration fresh;
  private final ReentrantLock lock = new ReentrantLock();
  private Instant hotSince;
  private Instant latestAt;
  private double latest;

  /**
   * @param sustain how long the load must stay high
   * @param sampleEvery the sampling period; a reading older than 3 periods is stale
   */
  public LoadHistory(Duration sustain, Duration sampleEvery) {
    this.sustain = sustain;
    this.fresh = sampleEvery.multipliedBy(3);
  }

  public void record(Instant at, double load) {
    double v = Double.isFinite(load) ? Math.max(0, Math.min(1, load)) : 0;
    lock.lock();
    try {
      if (v > StealSettings.OVERLOADED) {
        if (hotSince == null) {
          hotSince = at;
        }
      } else {
        hotSince = null;
      }
      latest = v;
      latestAt = at;
    } finally {
      lock.unlock();
    }
  }

  /** Above the overload threshold for the whole sustain period, up to a fresh reading. */
  public boolean overloaded(Instant now) {
    lock.lock();
    try {
      return isFresh(now) && hotSince != null && !now.isBefore(hotSince.plus(sustain));
    } finally {
      lock.unlock();
    }
  }

  /** The latest reading is fresh and below the idle threshold. */
  public boolean idle(Instant now) {
    lock.lock();
    try {
      return isFresh(now) && latest < StealSettings.IDLE;
    } finally {
      lock.unlock();
    }
  }

  /** The latest reading, when fresh. */
  public Optional<Double> latest(Instant now) {
    lock.lock();
    try {
      return isFresh(now) ? Optional.of(latest) : Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  private boolean isFresh(Instant now) {
    return latestAt != null && !now.isAfter(latestAt.plus(fresh));
  }
}
