package io.bzzz.cli.chaos;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a {@link FaultSchedule}: each fault is injected at its time and undone {@code length} later.
 * One scheduler thread only keeps time; every injection and undo runs on its own virtual thread, so
 * a restart that takes a minute on a loaded machine delays no other fault (a fixed pool of workers
 * did: restarts waiting for their process filled it, and the tracker's restart waited behind them).
 * A fault whose target is still down, or still coming back, waits until it is back and is noted as
 * deferred: every fault of the schedule happens. An undo that fails (a restart that did not come
 * up) is noted and tried again until it succeeds or the injector is closed: a target is never left
 * down by the harness.
 */
final class FaultInjector implements AutoCloseable {

  /** What a fault does to the run; each call may block for as long as it needs. */
  interface Actions {
    void inject(FaultSchedule.Fault fault) throws Exception;

    void undo(FaultSchedule.Fault fault) throws Exception;
  }

  private final FaultSchedule schedule;
  private final Actions actions;
  private final Duration retryUndo;
  private final Consumer<String> notes;
  private final Consumer<String> progress;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("chaos-timer").factory());
  private final Set<Thread> running = ConcurrentHashMap.newKeySet();
  private final Set<String> down = ConcurrentHashMap.newKeySet();
  private final Set<FaultSchedule.Fault> deferred = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pending = new AtomicInteger();
  private final Map<FaultSchedule.Kind, Integer> injected =
      Collections.synchronizedMap(new EnumMap<>(FaultSchedule.Kind.class));
  private volatile boolean closed;

  /**
   * @param retryUndo the wait before a failed undo, or a fault whose target is down, is tried again
   * @param notes findings for the report (deferred faults, failures)
   */
  FaultInjector(
      FaultSchedule schedule,
      Actions actions,
      Duration retryUndo,
      Consumer<String> notes,
      Consumer<String> progress) {
    this.schedule = schedule;
    this.actions = actions;
    this.retryUndo = retryUndo;
    this.notes = notes;
    this.progress = progress;
  }

  void start() {
    pending.set(schedule.faults().size());
    for (FaultSchedule.Fault f : schedule.faults()) {
      later(f.at(), () -> inject(f));
    }
  }

  /** Every fault injected and undone. */
  boolean finished() {
    return pending.get() == 0;
  }

  /** Faults injected so far, by kind. */
  Map<FaultSchedule.Kind, Integer> injected() {
    synchronized (injected) {
      return Map.copyOf(injected);
    }
  }

  private void inject(FaultSchedule.Fault f) {
    String target = f.targetName();
    if (!down.add(target)) {
      // the previous fault's restart is still under way (slow under load): this one waits for it,
      // so that every fault of the schedule happens (a skipped tracker kill left runs one short)
      if (deferred.add(f)) {
        notes.accept("deferred " + f + ": " + target + " was still down");
      }
      later(retryUndo, () -> inject(f));
      return;
    }
    try {
      actions.inject(f);
    } catch (Exception | AssertionError e) {
      // a kill that failed may still have killed: the undo brings the target back either way
      notes.accept("fault " + f + " failed: " + e.getMessage());
    }
    injected.merge(f.kind(), 1, Integer::sum);
    progress.accept("fault: " + f.kind().label + " " + target + " for " + f.length());
    later(f.length(), () -> undo(f, target, 1));
  }

  private void undo(FaultSchedule.Fault f, String target, int attempt) {
    try {
      actions.undo(f);
    } catch (Exception | AssertionError e) {
      if (closed) {
        return;
      }
      notes.accept("undo #" + attempt + " of " + f + " failed, trying again: " + e.getMessage());
      later(retryUndo, () -> undo(f, target, attempt + 1));
      return;
    }
    down.remove(target);
    pending.decrementAndGet();
    progress.accept("undone: " + f.kind().label + " " + target);
  }

  /** Runs {@code action} on a virtual thread of its own after {@code delay}. */
  private void later(Duration delay, Runnable action) {
    if (closed) {
      return;
    }
    // the timer only starts the thread; the action's failures are handled inside it
    var unused =
        timer.schedule(
            () -> {
              if (!closed) {
                Thread t = Thread.ofVirtual().name("chaos-fault").unstarted(() -> tracked(action));
                running.add(t);
                t.start();
              }
            },
            delay.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private void tracked(Runnable action) {
    try {
      action.run();
    } finally {
      running.remove(Thread.currentThread());
    }
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    running.forEach(Thread::interrupt);
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
      for (Thread t : Set.copyOf(running)) {
        t.join(Duration.ofSeconds(60));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
