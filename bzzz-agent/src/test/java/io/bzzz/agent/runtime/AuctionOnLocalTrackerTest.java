package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auction between two in-process agents on a real mesh and a real local tracker: tasks that
 * prefer a capability only one agent has all end on that agent, whichever of the two polls. Without
 * the auction the poller would claim them first-come (a preference is no requirement).
 */
class AuctionOnLocalTrackerTest {
  private static final String REPO = "auction";

  @TempDir Path tmp;

  @Test
  void tasksPreferringACapabilityEndOnTheAgentThatHasIt() throws Exception {
    try (LocalTracker server =
            LocalTracker.start(
                LocalTrackerConfig.of(tmp.resolve("tracker")).withListen("127.0.0.1", 0));
        GiteaTracker admin = client(server)) {
      post(server, "/api/v1/user/repos", "{\"name\":\"" + REPO + "\",\"auto_init\":true}");
      post(
          server,
          "/api/v1/repos/" + LocalTracker.ADMIN + "/" + REPO + "/labels",
          "{\"name\":\"prefers:auction-gpu\",\"color\":\"#5319e7\"}");
      admin.ensureLabels();
      try (Agent plain = Agent.create(config(server, "a1", Optional.empty()), "test")) {
        plain.start(Optional.empty());
        try (Agent gpu =
            Agent.create(
                config(server, "a2", Optional.of(plain.multiaddrs().getFirst())), "test")) {
          gpu.start(Optional.empty());
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () -> plain.view().metrics().peers() >= 1 && gpu.view().metrics().peers() >= 1);
          for (int n = 1; n <= 3; n++) {
            admin.createTask(
                new NewTask(
                    "Task " + n,
                    "```bzzz-script\nprintf '" + n + "\\n' > result.txt\n```\n",
                    List.of(BzzzLabels.TASK, "prefers:auction-gpu")));
          }
          await()
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () ->
                      admin.task(1).hasLabel(BzzzLabels.DONE)
                          && admin.task(2).hasLabel(BzzzLabels.DONE)
                          && admin.task(3).hasLabel(BzzzLabels.DONE));
          for (int n = 1; n <= 3; n++) {
            assertThat(admin.currentClaim(n).orElseThrow().owner().map(AgentIdentity::name))
                .as("task %d", n)
                .contains("a2");
          }
        }
      }
    }
  }

  private AgentConfig config(LocalTracker server, String name, Optional<String> bootstrap)
      throws Exception {
    LocalAgentFlags flags =
        LocalAgentFlags.asAdmin(tmp, server.baseUrl(), REPO, name)
            .put("name", name)
            .put("executor", "script")
            .put("max-tasks", "3")
            // generous for a loaded machine: a bid later than the window still takes the round
            // from the opener's fallback, which waits this long
            .put("auction-claim-timeout", "10s")
            .put("auction", "true");
    if (bootstrap.isPresent()) {
      flags.put("bootstrap", bootstrap.get()).put("run-alone", "false");
      flags.put("capability", "auction-gpu");
    }
    return flags.load();
  }

  private static GiteaTracker client(LocalTracker server) {
    return GiteaTracker.connect(
        TrackerEndpoint.of(
            URI.create(server.baseUrl()),
            new RepoRef(LocalTracker.ADMIN, REPO),
            Optional.of(Token.of(server.adminToken())),
            HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO)));
  }

  private static void post(LocalTracker server, String path, String json) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                  .header("Authorization", "token " + server.adminToken())
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
  }
}
