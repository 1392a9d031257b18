package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.runtime.AgentView;
import io.bzzz.testing.RepoRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The provisioned Grafana dashboard (deploy/grafana) asks only for metrics an agent exports: every
 * {@code bzzz_*} name in every panel expression is a sample name of the real {@code /metrics} text,
 * rendered with every family populated (every histogram observed once).
 */
class DashboardMetricsTest {
  private static final Pattern METRIC = Pattern.compile("\\bbzzz_[a-zA-Z0-9_]+");
  private static final Path DASHBOARD =
      RepoRoot.path().resolve("deploy/grafana/dashboards/bzzz.json");

  @Test
  void everyDashboardExpressionNamesAnExportedMetric() throws IOException {
    Set<String> exported = exportedSampleNames();
    List<String> expressions = expressions(new ObjectMapper().readTree(DASHBOARD.toFile()));

    assertThat(expressions).as("panel expressions in %s", DASHBOARD).hasSizeGreaterThan(8);
    Set<String> used = new TreeSet<>();
    for (String expr : expressions) {
      List<String> names = METRIC.matcher(expr).results().map(MatchResult::group).toList();
      assertThat(names.isEmpty() && !expr.contains("up{"))
          .as("expression names no metric: %s", expr)
          .isFalse();
      used.addAll(names);
    }
    assertThat(exported).as("metrics the dashboard uses").containsAll(used);
    // the issue's panels: peers, tasks, conflicts, gossip, tracker, durations, latency histograms
    assertThat(used)
        .contains(
            "bzzz_peers",
            "bzzz_tasks_claimed_total",
            "bzzz_tasks_completed_total",
            "bzzz_tasks_failed_total",
            "bzzz_claim_conflicts_total",
            "bzzz_messages_received_total",
            "bzzz_tracker_polls_total",
            "bzzz_executor_duration_seconds_count",
            "bzzz_tracker_request_duration_seconds_bucket",
            "bzzz_tracker_request_duration_seconds_count",
            "bzzz_task_duration_seconds_bucket",
            "bzzz_gossip_delivery_seconds_bucket",
            "bzzz_gossip_delivery_skewed_total",
            "bzzz_ping_rtt_seconds_bucket",
            "bzzz_peer_rtt_seconds",
            "bzzz_help_rounds_total",
            "bzzz_tracker_rate_limited_total",
            "bzzz_tracker_rate_limit_wait_seconds_total");
  }

  @Test
  void aNameTheAgentDoesNotExportIsCaught() {
    // the check above is only as good as the exported set: a metric that is "coming" is not in it
    assertThat(exportedSampleNames())
        .doesNotContain("bzzz_help_rounds_started_total", "bzzz_tracker_requests_total")
        .contains("bzzz_messages_sent_total", "bzzz_executor_duration_seconds_sum");
  }

  private static Set<String> exportedSampleNames() {
    AgentView.Metrics all = MetricsTextTest.populated(MetricsTextTest.observedOnce());
    Set<String> names = new TreeSet<>();
    for (String line : MetricsText.render(all).split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  private static List<String> expressions(JsonNode dashboard) {
    List<String> out = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      collect(panel, out);
    }
    return out;
  }

  private static void collect(JsonNode panel, List<String> out) {
    for (JsonNode target : panel.path("targets")) {
      out.add(target.path("expr").asText());
    }
    for (JsonNode inner : panel.path("panels")) { // panels nested in rows
      collect(inner, out);
    }
  }
}
