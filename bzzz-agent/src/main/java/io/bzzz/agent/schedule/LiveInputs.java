package io.bzzz.agent.schedule;

import io.bzzz.agent.capability.Capabilities;
import io.bzzz.log.entry.LogEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The scorer's inputs on a running agent: its capabilities and slots, the machine's CPU, memory and
 * disk, and its own log, read on from where it was last read at most every {@link #LOG_EVERY}.
 */
public final class LiveInputs implements Supplier<Scorer.Inputs> {
  static final Duration LOG_EVERY = Duration.ofSeconds(10);

  private final Supplier<Capabilities> capabilities;
  private final IntSupplier inUse;
  private final int maxSlots;
  private final Machine machine;
  private final LongFunction<List<LogEntry>> entriesFrom;
  private final InstantSource clock;
  private final PerformanceHistory history = new PerformanceHistory();
  private final ReentrantLock lock = new ReentrantLock();
  private long read;
  private Instant lastRead = Instant.MIN;

  public LiveInputs(
      Supplier<Capabilities> capabilities,
      IntSupplier inUse,
      int maxSlots,
      Machine machine,
      LongFunction<List<LogEntry>> entriesFrom,
      InstantSource clock) {
    this.capabilities = capabilities;
    this.inUse = inUse;
    this.maxSlots = maxSlots;
    this.machine = machine;
    this.entriesFrom = entriesFrom;
    this.clock = clock;
  }

  @Override
  public Scorer.Inputs get() {
    Capabilities caps = capabilities.get();
    int used = inUse.getAsInt();
    double cpu = machine.cpu();
    double memory = machine.memoryUsed();
    double disk = machine.freeDisk();
    return new Scorer.Inputs() {
      @Override
      public Capabilities capabilities() {
        return caps;
      }

      @Override
      public int slotsInUse() {
        return used;
      }

      @Override
      public int maxSlots() {
        return maxSlots;
      }

      @Override
      public double cpu() {
        return cpu;
      }

      @Override
      public double memoryUsed() {
        return memory;
      }

      @Override
      public double freeDisk() {
        return disk;
      }

      @Override
      public double performance(List<String> labels) {
        return LiveInputs.this.performance(labels);
      }
    };
  }

  private double performance(List<String> labels) {
    lock.lock();
    try {
      Instant now = clock.instant();
      if (!now.isBefore(lastRead.plus(LOG_EVERY))) {
        lastRead = now;
        try {
          List<LogEntry> fresh = entriesFrom.apply(read);
          history.observe(fresh);
          read += fresh.size();
        } catch (RuntimeException e) {
          // an unreadable log leaves the history as it was; the term is only a preference
        }
      }
      return history.term(labels);
    } finally {
      lock.unlock();
    }
  }
}
