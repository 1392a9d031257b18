package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.agent.runtime.AgentMetrics;
import io.bzzz.agent.runtime.AgentView;
import io.bzzz.agent.runtime.LatencyMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} as the library writes it: valid text format, the same families, types and label
 * names as the hand-written text before it (kept in {@code metrics/hand-written-0.1.txt}, rendered
 * by the old code with every family populated), and histograms that are whole.
 */
class MetricsTextTest {
  static AgentView.Metrics populated(LatencyMetrics latencies) {
    return new AgentView.Metrics(
        2,
        Map.of("bzzz/coordination/v1", 5L),
        Map.of("bzzz/coordination/v1", 3L, "weird\"topic\n", 1L),
        1,
        new AgentMetrics.Snapshot(
            4, 3, 1, 2, 9, Map.of("succeeded", new AgentMetrics.Durations(3, 1.5))),
        12,
        1,
        latencies.snapshot());
  }

  /** Every histogram, counter and gauge of {@link LatencyMetrics} with one observation. */
  static LatencyMetrics observedOnce() {
    LatencyMetrics l = new LatencyMetrics();
    l.exchanged("GET", "issues", OptionalInt.of(200), Duration.ofMillis(30));
    l.exchanged("POST", "issues/*/comments", OptionalInt.empty(), Duration.ofSeconds(10));
    l.taskEnded("completed", Duration.ofSeconds(42));
    Instant t = Instant.parse("2026-11-22T10:00:00Z");
    l.delivered("bzzz/coordination/v1", t, t.plusMillis(20));
    l.delivered("bzzz/coordination/v1", t, t.minusMillis(300)); // sender's clock ahead
    l.pinged("12D3KooWPeer", Duration.ofNanos(700_000));
    l.rateLimited("GET", "issues", Duration.ofSeconds(60));
    l.helpRound("requested");
    return l;
  }

  @Test
  void everyFamilyOfTheHandWrittenTextKeepsItsTypeAndLabels() throws IOException {
    PrometheusText before = PrometheusText.parse(resource("metrics/hand-written-0.1.txt"));
    PrometheusText now = PrometheusText.parse(MetricsText.render(populated(observedOnce())));

    assertThat(before.families()).hasSize(12);
    before
        .families()
        .forEach(
            (name, family) -> {
              assertThat(now.families()).as("family %s", name).containsKey(name);
              assertThat(now.families().get(name).type()).as(name).isEqualTo(family.type());
              assertThat(shapes(now.families().get(name)))
                  .as("sample names and label names of %s", name)
                  .containsAll(shapes(family));
            });
    // same numbers, now written as floats by the library
    assertThat(now.samples("bzzz_tasks_claimed_total", Map.of()).getFirst().value()).isEqualTo(4);
    assertThat(
            now.samples("bzzz_executor_duration_seconds_sum", Map.of("outcome", "succeeded"))
                .getFirst()
                .value())
        .isEqualTo(1.5);
    assertThat(
            now.samples("bzzz_messages_sent_total", Map.of("topic", "weird\\\"topic\\n"))
                .getFirst()
                .value())
        .isEqualTo(1);
  }

  @Test
  void theHistogramsAreWholeAndCountWhatWasObserved() {
    String text = MetricsText.render(populated(observedOnce()));
    PrometheusText now = PrometheusText.parse(text); // cumulative buckets, +Inf == _count

    assertThat(now.families().get("bzzz_tracker_request_duration_seconds").type())
        .isEqualTo("histogram");
    assertThat(
            now.samples(
                "bzzz_tracker_request_duration_seconds_bucket",
                Map.of("method", "GET", "route", "issues", "status", "2xx", "le", "0.05")))
        .singleElement()
        .extracting(PrometheusText.Sample::value)
        .isEqualTo(1.0);
    assertThat(
            now.samples(
                "bzzz_tracker_request_duration_seconds_count",
                Map.of("method", "POST", "status", "none")))
        .singleElement()
        .extracting(PrometheusText.Sample::value)
        .isEqualTo(1.0);
    assertThat(
            now.samples("bzzz_task_duration_seconds_sum", Map.of("outcome", "completed"))
                .getFirst()
                .value())
        .isEqualTo(42.0);
    // a negative delivery time is clock skew: observed as 0 and counted apart
    assertThat(
            now.samples(
                    "bzzz_gossip_delivery_seconds_bucket",
                    Map.of("topic", "bzzz/coordination/v1", "le", "0.005"))
                .getFirst()
                .value())
        .isEqualTo(1.0);
    assertThat(now.samples("bzzz_gossip_delivery_seconds_count", Map.of()).getFirst().value())
        .isEqualTo(2.0);
    assertThat(now.samples("bzzz_gossip_delivery_skewed_total", Map.of()).getFirst().value())
        .isEqualTo(1.0);
    assertThat(
            now.samples("bzzz_peer_rtt_seconds", Map.of("peer", "12D3KooWPeer")).getFirst().value())
        .isEqualTo(0.0007);
    assertThat(now.samples("bzzz_ping_rtt_seconds_count", Map.of()).getFirst().value())
        .isEqualTo(1.0);
    assertThat(MetricsText.CONTENT_TYPE).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
  }

  @Test
  void aPeerThatLeftHasNoSeries() {
    LatencyMetrics l = observedOnce();
    l.forget("12D3KooWPeer");

    PrometheusText now = PrometheusText.parse(MetricsText.render(populated(l)));

    assertThat(now.samples("bzzz_peer_rtt_seconds", Map.of())).isEmpty();
    assertThat(now.samples("bzzz_ping_rtt_seconds_count", Map.of()).getFirst().value())
        .isEqualTo(1.0);
  }

  @Test
  void theStrictReaderRejectsBrokenText() {
    assertThatThrownBy(() -> PrometheusText.parse("bzzz_peers 2\n"))
        .hasMessageContaining("before any TYPE");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE x counter\nx{topic=\"a\"b\"} 1\n"))
        .hasMessageContaining("line 2: invalid exposition"); // an unescaped quote
    assertThatThrownBy(
            () ->
                PrometheusText.parse(
                    """
                    # TYPE h histogram
                    h_bucket{le="1"} 2
                    h_bucket{le="+Inf"} 1
                    h_count 1
                    h_sum 1
                    """))
        .hasMessageContaining("not cumulative");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE g gauge\ng 1,5\n"))
        .hasMessageContaining("not a number");
  }

  /** Each sample name with the sorted names of its labels, e.g. {@code x_total{topic}}. */
  private static Set<String> shapes(PrometheusText.Family f) {
    Set<String> out = new TreeSet<>();
    for (PrometheusText.Sample s : f.samples()) {
      out.add(s.name() + s.labels().keySet());
    }
    return out;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = MetricsTextTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
