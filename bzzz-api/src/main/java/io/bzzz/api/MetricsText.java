package io.bzzz.api;

import io.bzzz.agent.runtime.AgentMetrics;
import io.bzzz.agent.runtime.AgentView;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /metrics} in the Prometheus text exposition format 0.0.4: a HELP and TYPE line per family,
 * label values escaped (backslash, quote, newline).
 */
final class MetricsText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder out = new StringBuilder();

  private MetricsText() {}

  static String render(AgentView.Metrics m) {
    MetricsText t = new MetricsText();
    t.gauge("bzzz_peers", "Live peers in this agent's peer table.", m.peers());
    t.family("bzzz_messages_received_total", "counter", "Pub/sub messages received, by topic.");
    m.messagesIn()
        .forEach((topic, n) -> t.sample("bzzz_messages_received_total", "topic", topic, n));
    t.family("bzzz_messages_sent_total", "counter", "Pub/sub messages published, by topic.");
    m.messagesOut().forEach((topic, n) -> t.sample("bzzz_messages_sent_total", "topic", topic, n));
    t.counter(
        "bzzz_messages_malformed_total", "Messages dropped as malformed.", m.malformedMessages());
    AgentMetrics.Snapshot s = m.tasks();
    t.counter("bzzz_tasks_claimed_total", "Claims won.", s.claimed());
    t.counter("bzzz_tasks_completed_total", "Tasks completed with a pull request.", s.completed());
    t.counter("bzzz_tasks_failed_total", "Tasks reported failed.", s.failed());
    t.counter("bzzz_claim_conflicts_total", "Claims lost to another agent.", s.claimConflicts());
    t.counter("bzzz_tracker_polls_total", "Candidate polls this agent made.", s.trackerPolls());
    t.gauge("bzzz_tasks_current", "Tasks in hand now.", m.currentTasks());
    t.gauge("bzzz_log_length", "Entries in this agent's signed log.", m.logLength());
    t.family("bzzz_executor_duration_seconds", "summary", "Executor run time, by outcome.");
    for (Map.Entry<String, AgentMetrics.Durations> e : s.executions().entrySet()) {
      t.sampleRaw(
          "bzzz_executor_duration_seconds_sum", "outcome", e.getKey(), e.getValue().seconds());
      t.sample("bzzz_executor_duration_seconds_count", "outcome", e.getKey(), e.getValue().count());
    }
    return t.out.toString();
  }

  private void gauge(String name, String help, long value) {
    family(name, "gauge", help);
    out.append(name).append(' ').append(value).append('\n');
  }

  private void counter(String name, String help, long value) {
    family(name, "counter", help);
    out.append(name).append(' ').append(value).append('\n');
  }

  private void family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private void sample(String name, String label, String value, long n) {
    out.append(name).append('{').append(label).append("=\"").append(escape(value)).append("\"} ");
    out.append(n).append('\n');
  }

  private void sampleRaw(String name, String label, String value, double v) {
    out.append(name).append('{').append(label).append("=\"").append(escape(value)).append("\"} ");
    out.append(String.format(Locale.ROOT, "%.6f", v)).append('\n');
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
