package io.bzzz.api;

import io.bzzz.agent.runtime.AgentMetrics;
import io.bzzz.agent.runtime.AgentView;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code /metrics} in the Prometheus text exposition format 0.0.4, written by the Prometheus Java
 * client's own writer. The counters and gauges an agent has always exported are read from the
 * agent's parts at each scrape and handed to the writer as the library's snapshots; the histograms
 * and round-trip times come from {@link io.bzzz.agent.runtime.LatencyMetrics}. Counter names are
 * given without {@code _total}: the library adds it.
 */
final class MetricsText {
  static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
  private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

  private MetricsText() {}

  static String render(AgentView.Metrics m) {
    MetricSnapshots.Builder all = MetricSnapshots.builder();
    all.metricSnapshot(gauge("bzzz_peers", "Live peers in this agent's peer table.", m.peers()));
    all.metricSnapshot(
        byTopic("bzzz_messages_received", "Pub/sub messages received, by topic.", m.messagesIn()));
    all.metricSnapshot(
        byTopic("bzzz_messages_sent", "Pub/sub messages published, by topic.", m.messagesOut()));
    all.metricSnapshot(
        counter(
            "bzzz_messages_malformed", "Messages dropped as malformed.", m.malformedMessages()));
    AgentMetrics.Snapshot s = m.tasks();
    all.metricSnapshot(counter("bzzz_tasks_claimed", "Claims won.", s.claimed()));
    all.metricSnapshot(
        counter("bzzz_tasks_completed", "Tasks completed with a pull request.", s.completed()));
    all.metricSnapshot(counter("bzzz_tasks_failed", "Tasks reported failed.", s.failed()));
    all.metricSnapshot(
        counter("bzzz_claim_conflicts", "Claims lost to another agent.", s.claimConflicts()));
    all.metricSnapshot(
        counter("bzzz_tracker_polls", "Candidate polls this agent made.", s.trackerPolls()));
    all.metricSnapshot(gauge("bzzz_tasks_current", "Tasks in hand now.", m.currentTasks()));
    all.metricSnapshot(
        gauge("bzzz_log_length", "Entries in this agent's signed log.", m.logLength()));
    all.metricSnapshot(executions(s.executions()));
    for (MetricSnapshot latency : m.latencies()) {
      all.metricSnapshot(latency);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      WRITER.write(out, all.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  // every value here is a count far below 2^53, which a double holds exactly
  private static GaugeSnapshot gauge(String name, String help, long value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value((double) value).build())
        .build();
  }

  private static CounterSnapshot counter(String name, String help, long value) {
    return CounterSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(CounterDataPointSnapshot.builder().value((double) value).build())
        .build();
  }

  private static CounterSnapshot byTopic(String name, String help, Map<String, Long> counts) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
    counts.forEach(
        (topic, n) ->
            b.dataPoint(
                CounterDataPointSnapshot.builder()
                    .labels(Labels.of("topic", topic))
                    .value((double) n)
                    .build()));
    return b.build();
  }

  /** Sum and count only (no quantiles), as before: a summary that rates can divide. */
  private static SummarySnapshot executions(Map<String, AgentMetrics.Durations> byOutcome) {
    SummarySnapshot.Builder b =
        SummarySnapshot.builder()
            .name("bzzz_executor_duration_seconds")
            .help("Executor run time, by outcome.");
    byOutcome.forEach(
        (outcome, d) ->
            b.dataPoint(
                SummaryDataPointSnapshot.builder()
                    .labels(Labels.of("outcome", outcome))
                    .count(d.count())
                    .sum(d.seconds())
                    .build()));
    return b.build();
  }
}
