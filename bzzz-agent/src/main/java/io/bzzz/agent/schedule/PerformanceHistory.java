package io.bzzz.agent.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.agent.capability.Capabilities;
import io.bzzz.log.entry.LogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The past-performance term, from this agent's own signed log: for tasks of the same kind (the same
 * set of {@code needs:}, {@code model:} and {@code prefers:} labels), the success rate and the mean
 * duration from claim to result. The log is the source because it is what the agent signed: a
 * restart keeps the history, and a peer replicating the log can recompute the term.
 *
 * <p>The term is {@code 0.7 * (successes + 1) / (ended + 2) + 0.3 * 300 s / (300 s + mean duration
 * of successes)}: a smoothed success rate (one success and one failure assumed, so that a single
 * result does not decide) and a speed that halves at five minutes. With no history of the kind the
 * agent's overall history counts; with none at all the term is 0.5, neither good nor bad.
 *
 * <p>Not thread-safe: the auction calls it under its lock. Memory is bounded: claims without an end
 * are forgotten beyond {@link #MAX_OPEN}, kinds beyond {@link #MAX_KINDS} fold into the overall.
 */
public final class PerformanceHistory {
  static final int MAX_OPEN = 1024;
  static final int MAX_KINDS = 256;
  private static final double SPEED_REFERENCE_SECONDS = 300;

  private record Claimed(String kind, Instant at) {}

  private static final class Stats {
    long successes;
    long failures;
    double successSeconds;

    void add(boolean ok, Duration d) {
      if (ok) {
        successes++;
        successSeconds += Math.max(0, d.toMillis() / 1000.0);
      } else {
        failures++;
      }
    }

    boolean empty() {
      return successes + failures == 0;
    }

    double term() {
      double rate = (successes + 1) / (double) (successes + failures + 2);
      double speed =
          successes == 0
              ? 0.5
              : SPEED_REFERENCE_SECONDS / (SPEED_REFERENCE_SECONDS + successSeconds / successes);
      return 0.7 * rate + 0.3 * speed;
    }
  }

  private final Map<String, Claimed> open =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Claimed> eldest) {
          return size() > MAX_OPEN;
        }
      };
  private final Map<String, Stats> byKind = new HashMap<>();
  private final Stats overall = new Stats();

  /** The kind of a task: its sorted capability labels, {@code ""} for a plain task. */
  public static String kind(List<String> labels) {
    TreeSet<String> caps = new TreeSet<>(Capabilities.requirements(labels));
    caps.addAll(CapabilityMatch.preferences(labels));
    return String.join(",", caps);
  }

  /** Reads entries in log order: claims ({@code labels} field), completions and failures. */
  public void observe(List<LogEntry> entries) {
    entries.forEach(this::observe);
  }

  public void observe(LogEntry e) {
    JsonNode data = e.data();
    JsonNode task = data.path("task");
    String key = task.path("repository").asText("") + "#" + task.path("number").asLong(0);
    switch (e.type()) {
      case TASK_CLAIMED -> {
        List<String> labels = new ArrayList<>();
        data.path("labels").forEach(l -> labels.add(l.asText("")));
        open.put(key, new Claimed(kind(labels), e.timestamp()));
      }
      case TASK_COMPLETED -> ended(key, true, e.timestamp());
      case TASK_FAILED -> ended(key, false, e.timestamp());
      default -> {}
    }
  }

  /** A claim of this run ended (also fed from the log; for callers that know it sooner). */
  public void record(List<String> labels, boolean success, Duration took) {
    add(kind(labels), success, took);
  }

  private void ended(String key, boolean ok, Instant at) {
    Claimed c = open.remove(key);
    if (c != null) {
      add(c.kind(), ok, Duration.between(c.at(), at));
    }
  }

  private void add(String kind, boolean ok, Duration took) {
    overall.add(ok, took);
    Stats s = byKind.get(kind);
    if (s == null && byKind.size() < MAX_KINDS) {
      s = new Stats();
      byKind.put(kind, s);
    }
    if (s != null) {
      s.add(ok, took);
    }
  }

  /** The term for a task with {@code labels}, in [0, 1]. */
  public double term(List<String> labels) {
    Stats s = byKind.get(kind(labels));
    if (s != null && !s.empty()) {
      return s.term();
    }
    return overall.empty() ? 0.5 : overall.term();
  }
}
