package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.events.AgentEvent;
import io.bzzz.agent.events.EventHub;
import io.bzzz.log.entry.AuditLog;
import io.bzzz.log.entry.EntryType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the agent's steps to its signed log. A log that cannot be written is reported, not thrown
 * into the task that caused the entry: the task's outcome on the tracker matters more.
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
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("journal").daemon().factory());

  Journal(AuditLog audit, EventHub events) {
    this.audit = audit;
    this.events = events;
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
      log.atError().addKeyValue("type", type).setCause(e.getCause()).log("cannot write to the log");
    }
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
}
