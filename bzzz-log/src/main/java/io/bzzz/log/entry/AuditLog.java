package io.bzzz.log.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.log.LogFollower;
import io.bzzz.log.SignedLog;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent's view of its log: typed entries in, typed entries out. Timestamps come from the
 * injected clock (millisecond precision). Does not own the log; whoever opened it closes it.
 */
public final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SignedLog log;
  private final InstantSource clock;

  public AuditLog(SignedLog log, InstantSource clock) {
    this.log = log;
    this.clock = clock;
  }

  /** Appends one entry durably; returns its index. */
  public long record(EntryType type, Map<String, ?> data) {
    return recordJson(type, JSON.valueToTree(data));
  }

  public long recordJson(EntryType type, ObjectNode data) {
    LogEntry entry = new LogEntry(type, clock.instant().truncatedTo(ChronoUnit.MILLIS), data);
    return log.append(entry.encode()) - 1;
  }

  /** An entry stamped now by this log's clock, to append later with {@link #recordAll}. */
  public LogEntry entry(EntryType type, Map<String, ?> data) {
    return new LogEntry(
        type, clock.instant().truncatedTo(ChronoUnit.MILLIS), JSON.valueToTree(data));
  }

  /** Appends several entries under one signature; returns the index of the first. */
  public long recordAll(List<LogEntry> entries) {
    List<byte[]> blocks = new ArrayList<>(entries.size());
    entries.forEach(e -> blocks.add(e.encode()));
    return log.append(blocks) - entries.size();
  }

  public LogEntry get(long index) {
    return LogEntry.decode(log.get(index));
  }

  public List<LogEntry> entries(long from) {
    List<LogEntry> out = new ArrayList<>();
    for (byte[] block : log.range(from, log.length())) {
      out.add(LogEntry.decode(block));
    }
    return out;
  }

  public long length() {
    return log.length();
  }

  /** Follows entries from {@code from} on, waiting for new ones. */
  public LogFollower follow(long from) {
    return log.follow(from);
  }

  public SignedLog log() {
    return log;
  }
}
