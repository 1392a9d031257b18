package io.bzzz.agent.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/** The task counters an agent exposes on {@code /metrics}; message counts live in coordination. */
public final class AgentMetrics {
  private final AtomicLong claimed = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong conflicts = new AtomicLong();
  private final AtomicLong polls = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Durations> executions = new TreeMap<>();

  /** Count and total seconds of executor runs with one outcome. */
  public record Durations(long count, double seconds) {}

  /** A point-in-time copy for the API. */
  public record Snapshot(
      long claimed,
      long completed,
      long failed,
      long claimConflicts,
      long trackerPolls,
      Map<String, Durations> executions) {}

  void claimed() {
    claimed.incrementAndGet();
  }

  void completed() {
    completed.incrementAndGet();
  }

  void failed() {
    failed.incrementAndGet();
  }

  void conflict() {
    conflicts.incrementAndGet();
  }

  void polled() {
    polls.incrementAndGet();
  }

  void executed(String outcome, Duration duration) {
    lock.lock();
    try {
      executions.merge(
          outcome,
          new Durations(1, duration.toNanos() / 1e9),
          (a, b) -> new Durations(a.count() + b.count(), a.seconds() + b.seconds()));
    } finally {
      lock.unlock();
    }
  }

  public Snapshot snapshot() {
    lock.lock();
    try {
      return new Snapshot(
          claimed.get(),
          completed.get(),
          failed.get(),
          conflicts.get(),
          polls.get(),
          Map.copyOf(executions));
    } finally {
      lock.unlock();
    }
  }
}
