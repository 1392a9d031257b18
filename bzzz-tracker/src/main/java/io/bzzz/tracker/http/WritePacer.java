package io.bzzz.tracker.http;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Leaves {@code interval} between two writes made with one token (GitHub asks for a second between
 * content-creating requests). Callers queue on the lock, so writes from many threads are spaced,
 * not just counted.
 */
public final class WritePacer {
  private final Duration interval;
  private final InstantSource clock;
  private final Sleeper sleeper;
  private final ReentrantLock lock = new ReentrantLock(true);
  private Optional<Instant> lastWrite = Optional.empty();

  public WritePacer(Duration interval, InstantSource clock, Sleeper sleeper) {
    this.interval = interval;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Blocks until a write may start, and books that slot. */
  public void awaitTurn() throws InterruptedException {
    if (interval.isZero()) {
      return;
    }
    lock.lock();
    try {
      if (lastWrite.isPresent()) {
        Duration wait = Duration.between(clock.instant(), lastWrite.get().plus(interval));
        if (wait.isPositive()) {
          sleeper.sleep(wait);
        }
      }
      lastWrite = Optional.of(clock.instant());
    } finally {
      lock.unlock();
    }
  }
}
