package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.events.AgentEvent;
import io.bzzz.agent.events.EventHub;
import io.bzzz.log.entry.AuditLog;
import io.bzzz.log.entry.EntryType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the agent's steps to its signed log. A log that cannot be written is reported, not thrown
 * into the task that caused the entry: the task's outcome on the tracker matters more.
 */
final class Journal {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  private final AuditLog audit;
  private final EventHub events;
  private final ReentrantLock lock = new ReentrantLock();

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
    lock.lock();
    try {
      audit.record(type, data);
      events.publish(new AgentEvent.LogAppended(type.wireName(), audit.length()));
    } catch (RuntimeException e) {
      log.atError().addKeyValue("type", type).setCause(e).log("cannot write to the log");
    } finally {
      lock.unlock();
    }
  }

  long length() {
    return audit.length();
  }
}
