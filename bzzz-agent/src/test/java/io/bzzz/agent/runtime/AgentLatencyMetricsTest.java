package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent doing one script task from a real local tracker: its tracker-call and task-duration
 * histograms count what happened (every call it made, the one task it completed).
 */
class AgentLatencyMetricsTest {
  private static final String REPO = "demo";
  private static final String TRACKER = "bzzz_tracker_request_duration_seconds";

  @TempDir Path tmp;

  @Test
  void trackerCallsAndTheTaskDurationAreObserved() throws Exception {
    try (LocalTracker server = LocalTracker.start(LocalTrackerConfig.of(tmp.resolve("tracker")));
        HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> created =
          http.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/user/repos"))
                  .header("Authorization", "token " + server.adminToken())
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"" + REPO + "\",\"auto_init\":true}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      try (GiteaTracker admin =
          GiteaTracker.connect(
              TrackerEndpoint.of(
                  URI.create(server.baseUrl()),
                  new RepoRef(LocalTracker.ADMIN, REPO),
                  Optional.of(Token.of(server.adminToken())),
                  HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO)))) {
        admin.ensureLabels();
        int n =
            admin
                .createTask(
                    new NewTask(
                        "Leave a result",
                        "```bzzz-script\necho done > result.txt\n```\n",
                        List.of()))
                .number();
        admin.relabel(n, List.of(BzzzLabels.TASK), List.of());
      }

      try (Agent agent = Agent.create(config(server), "test")) {
        agent.start(Optional.empty());
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    agent.view().tasks().stream()
                        .anyMatch(e -> e.stage() == TaskBoard.Stage.COMPLETED));

        MetricSnapshots m = agent.view().metrics().latencies();
        double[] task =
            MetricSnapshotsRead.histogram(
                m, "bzzz_task_duration_seconds", Map.of("outcome", "completed"));
        assertThat(task[0]).as("tasks completed").isEqualTo(1);
        assertThat(task[1]).as("seconds it took").isPositive();
        // the polls read issues; the result opened a pull request; every answer was a 2xx
        assertThat(
                MetricSnapshotsRead.histogram(
                    m, TRACKER, Map.of("method", "GET", "route", "issues", "status", "2xx"))[0])
            .isPositive();
        assertThat(
                MetricSnapshotsRead.histogram(
                    m, TRACKER, Map.of("method", "POST", "route", "pulls", "status", "2xx"))[0])
            .isEqualTo(1);
        // labels stay bounded: no owner, repository or issue number in a route
        assertThat(MetricSnapshotsRead.points(m, TRACKER))
            .isNotEmpty()
            .allSatisfy(
                p ->
                    assertThat(p.getLabels().get("route"))
                        .doesNotContain(REPO, LocalTracker.ADMIN, String.valueOf(1)));
      }
    }
  }

  private io.bzzz.agent.config.AgentConfig config(LocalTracker server) throws Exception {
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, server.adminToken());
    return new LocalAgentFlags(
            tmp.resolve("agent"), server.baseUrl(), tokenFile, LocalTracker.ADMIN + "/" + REPO)
        .load();
  }
}
