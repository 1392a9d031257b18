package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.events.AgentEvent;
import io.bzzz.agent.events.EventHub;
import io.bzzz.log.entry.AuditLog;
import io.bzzz.log.entry.EntryType;
import io.bzzz.log.entry.LogEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the agent's steps to its signed log. A log that cannot be written is reported, not thrown
 * into the task that caused the entry: the task's outcome on the tracker matters more.
 *
 * <p>Entries are written by the journal's own thread, in the order they were handed in; what queued
 * up while one append was forced to disk goes into the next append together (one signature, one
 * sync), so a burst of entries costs a few syncs, not one each. {@link #record} waits until its
 * entry is on disk (a claim is logged before the work starts); {@link #note} does not wait: the
 * mesh's receive thread and the heartbeat note peer changes and must never stall on a disk (a
 * cluster's start-up is one peer change per peer, and a receive thread that waits for one sync per
 * message falls behind the mesh, whose peers then look silent).
 *
 * <p>The first failed append stops the journal for good and tells its owner ({@code onFailure}),
 * (the agent stops claiming tasks): after a failed write the log's state on disk is unknown, and
 * writing on (or reopening a damaged log and writing from an older head) could sign a different
 * entry at an index already published, a fork every replica would see. Later entries are dropped
 * with a warning.
 *
 * <p>The writer is a thread nothing interrupts: the log's file channels are interruptible, and an
 * interrupt arriving in the middle of a write (shutdown interrupts task workers and loops that
 * write entries) would close the channel and cut the append short. A caller of {@link #record}
 * waits for its entry to be on disk even when it is interrupted meanwhile.
 */
final class Journal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  /** Entries waiting to be written; a {@link #note} beyond it is dropped with a warning. */
  static final int MAX_PENDING = 4096;

  /** Entries written together at most, so that one append stays small. */
  private static final int MAX_BATCH = 256;

  /** An entry to write; {@code written} completes once it is on disk, or will never be. */
  private record Pending(LogEntry entry, CompletableFuture<Void> written) {}

  private static final Pending STOP = new Pending(null, CompletableFuture.completedFuture(null));

  private final AuditLog audit;
  private final EventHub events;
  private final Consumer<String> onFailure;
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(MAX_PENDING);
  private final AtomicLong droppedNotes = new AtomicLong();

  /** Held while handing in an entry or closing, so that nothing is queued after the stop. */
  private final ReentrantLock handIn = new ReentrantLock();

  private boolean closed; // guarded by handIn
  private final Thread writer;

  Journal(AuditLog audit, EventHub events) {
    this(audit, events, reason -> {});
  }

  /** {@code onFailure} is called once, with a one-line reason, when an append fails. */
  Journal(AuditLog audit, EventHub events, Consumer<String> onFailure) {
    this.audit = audit;
    this.events = events;
    this.onFailure = onFailure;
    this.writer = Thread.ofPlatform().name("journal").daemon().start(this::writeLoop);
  }

  void task(EntryType type, TaskRef task, Map<String, ?> fields) {
    record(type, aboutTask(task, fields));
  }

  /** As {@link #task}, without waiting: see {@link #note}. */
  void noteTask(EntryType type, TaskRef task, Map<String, ?> fields) {
    note(type, aboutTask(task, fields));
  }

  private static Map<String, Object> aboutTask(TaskRef task, Map<String, ?> fields) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(
        "task",
        Map.of(
            "tracker", task.tracker(), "repository", task.repository(), "number", task.number()));
    data.putAll(fields);
    return data;
  }

  /** Writes an entry and returns once it is on disk (or the journal stopped). */
  void record(EntryType type, Map<String, ?> data) {
    hand(type, data, true).ifPresent(Journal::awaitUninterruptibly);
  }

  /**
   * Queues an entry and returns at once; it is written in order with the others. For observations
   * made on threads that must keep up with the mesh (peer changes, a peer's objection).
   */
  void note(EntryType type, Map<String, ?> data) {
    hand(type, data, false);
  }

  private Optional<CompletableFuture<Void>> hand(
      EntryType type, Map<String, ?> data, boolean wait) {
    if (failure.get() != null) {
      log.atWarn()
          .addKeyValue("type", type)
          .log("not written: the journal stopped after a failed append");
      return Optional.empty();
    }
    Pending p = new Pending(audit.entry(type, data), new CompletableFuture<>());
    handIn.lock();
    try {
      if (closed) {
        log.atError().addKeyValue("type", type).log("cannot write to the log: it is closed");
        return Optional.empty();
      }
      if (wait) {
        putUninterruptibly(p);
      } else if (!queue.offer(p)) {
        long n = droppedNotes.incrementAndGet();
        log.atWarn()
            .addKeyValue("type", type)
            .addKeyValue("dropped", n)
            .log("not written: " + MAX_PENDING + " entries are already waiting for the disk");
        return Optional.empty();
      }
    } finally {
      handIn.unlock();
    }
    return Optional.of(p.written());
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      batch.clear();
      batch.add(takeUninterruptibly());
      queue.drainTo(batch, MAX_BATCH - 1);
      int stop = batch.indexOf(STOP);
      List<Pending> toWrite = stop < 0 ? batch : batch.subList(0, stop);
      write(toWrite);
      toWrite.forEach(p -> p.written().complete(null));
      if (stop >= 0) {
        return; // close() queues nothing after the stop
      }
    }
  }

  private void write(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    if (failure.get() != null) {
      log.atWarn()
          .addKeyValue("entries", batch.size())
          .log("not written: the journal stopped after a failed append");
      return;
    }
    long first;
    try {
      first = audit.recordAll(batch.stream().map(Pending::entry).toList());
    } catch (RuntimeException e) {
      stop(batch.getFirst().entry().type(), e);
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      events.publish(
          new AgentEvent.LogAppended(batch.get(i).entry().type().wireName(), first + i + 1));
    }
  }

  private void stop(EntryType type, Throwable cause) {
    String reason =
        "cannot write to the signed log "
            + audit.log().dir()
            + " ("
            + (cause.getCause() == null
                ? cause.getMessage()
                : cause.getMessage() + ": " + cause.getCause().getMessage())
            + "); the agent stops so that it cannot fork its log. Check it with 'bzzz log verify"
            + " --dir "
            + audit.log().dir()
            + "' and 'bzzz log repair --dir "
            + audit.log().dir()
            + "'";
    if (!failure.compareAndSet(null, reason)) {
      return;
    }
    log.atError().addKeyValue("type", type).setCause(cause).log(reason);
    onFailure.accept(reason);
  }

  /** Why the journal stopped, if it did. */
  Optional<String> failure() {
    return Optional.ofNullable(failure.get());
  }

  private Pending takeUninterruptibly() {
    while (true) {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        // nothing interrupts the writer on purpose; close() ends it with STOP
      }
    }
  }

  private void putUninterruptibly(Pending p) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          queue.put(p);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void awaitUninterruptibly(CompletableFuture<Void> written) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          written.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return; // never completed exceptionally: a failure is reported by the writer
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Writes what was handed in, then stops the journal's thread. */
  @Override
  public void close() {
    handIn.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      putUninterruptibly(STOP);
    } finally {
      handIn.unlock();
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  long length() {
    return audit.length();
  }

  /** The entries from index {@code from} on (the auction's past-performance term reads on). */
  java.util.List<io.bzzz.log.entry.LogEntry> entries(long from) {
    return audit.entries(from);
  }

  /** Every entry written so far, this run's and earlier runs' (read at start, before any task). */
  java.util.List<io.bzzz.log.entry.LogEntry> entries() {
    return audit.entries(0);
  }
}
