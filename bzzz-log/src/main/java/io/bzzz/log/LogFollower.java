package io.bzzz.log;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads a log in order from a start index and then follows new appends: {@link #next} blocks until
 * the next block exists. Not thread-safe; one follower per reading thread.
 */
public final class LogFollower {
  private final SignedLog log;
  private long next;

  LogFollower(SignedLog log, long from) {
    if (from < 0) {
      throw new IllegalArgumentException("negative start " + from);
    }
    this.log = log;
    this.next = from;
  }

  /** Index of the block {@link #next} returns. */
  public long position() {
    return next;
  }

  /**
   * The next block, waiting for it to be appended.
   *
   * @throws LogClosedException when the log is closed while waiting
   */
  public Block next() throws InterruptedException {
    while (!log.awaitBlock(next, 1, TimeUnit.HOURS)) {
      // keep waiting; close() wakes us with LogClosedException
    }
    return take();
  }

  /** The next block, or empty if none was appended within {@code timeout}. */
  public Optional<Block> poll(Duration timeout) throws InterruptedException {
    if (!log.awaitBlock(next, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return Optional.empty();
    }
    return Optional.of(take());
  }

  private Block take() {
    Block block = new Block(next, log.get(next));
    next++;
    return block;
  }

  /** A block and its index. */
  public record Block(long index, byte[] value) {}
}
