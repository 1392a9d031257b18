package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.events.AgentEvent;
import io.bzzz.agent.events.EventHub;
import io.bzzz.log.entry.AuditLog;
import io.bzzz.log.entry.EntryType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the agent's steps to its signed log. A log that cannot be written is reported, not thrown
 * into the task that caused the entry: the task's outcome on the tracker matters more.
 *
 * <p>The first failed append stops the journal for good and tells its owner ({@code onFailure}),
 * (the agent stops claiming tasks): after a failed write the log's state on disk is unknown, and
 * writing on (or reopening a damaged log and writing from an older head) could sign a different
 * entry at an index already published, a fork every replica would see. Later entries are dropped
 * with a warning.
 *
 * <p>Appends run on the journal's own thread, which nothing interrupts: the log's file channels are
 * interruptible, and an interrupt arriving in the middle of a write (shutdown interrupts task
 * workers and loops that write entries) would close the channel and cut the append short. The
 * caller waits for its entry to be on disk even when it is interrupted meanwhile.
 */
final class Journal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  private final AuditLog audit;
  private final EventHub events;
  private final Consumer<String> onFailure;
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("journal").daemon().factory());

  Journal(AuditLog audit, EventHub events) {
    this(audit, events, reason -> {});
  }

  /** {@code onFailure} is called once, with a one-line reason, when an append fails. */
  Journal(AuditLog audit, EventHub events, Consumer<String> onFailure) {
    this.audit = audit;
    this.events = events;
    this.onFailure = onFailure;
  }

  void task(EntryType type, TaskRef task, Map<String, ?> fields) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(
        "task",
        Map.of(
            "tracker", task.tracker(), "repository", task.repository(), "number", task.number()));
    data.putAll(fields);
    record(type, data);
  }

  void record(EntryType type, Map<String, ?> data) {
    if (failure.get() != null) {
      log.atWarn()
          .addKeyValue("type", type)
          .log("not written: the journal stopped after a failed append");
      return;
    }
    Future<?> append;
    try {
      append =
          writer.submit(
              () -> {
                audit.record(type, data);
                events.publish(new AgentEvent.LogAppended(type.wireName(), audit.length()));
              });
    } catch (RejectedExecutionException e) {
      log.atError().addKeyValue("type", type).log("cannot write to the log: it is closed");
      return;
    }
    try {
      awaitUninterruptibly(append);
    } catch (ExecutionException e) {
      stop(type, e.getCause());
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

  private static void awaitUninterruptibly(Future<?> append) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          append.get();
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

  /** Writes what was submitted, then stops the journal's thread. */
  @Override
  public void close() {
    writer.close();
  }

  long length() {
    return audit.length();
  }

  /** Every entry written so far, this run's and earlier runs' (read at start, before any task). */
  java.util.List<io.bzzz.log.entry.LogEntry> entries() {
    return audit.entries(0);
  }
}
