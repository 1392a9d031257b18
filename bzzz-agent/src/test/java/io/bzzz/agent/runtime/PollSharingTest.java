package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared polling places more than the poller's free slots per poll (the first-come rota, {@code
 * --auction false}): two in-process agents with one slot each on a real mesh and a real local
 * tracker, polling every 10 minutes, and two open tasks. The first slot's poller claims one and
 * shares the other on the mesh ({@code task_available}, source {@code poll}); the other agent
 * claims it at once. Before, only the poller of a slot claimed, so the second task waited for the
 * next slot (10 minutes here, 30 s by default: about 4 tasks per interval for a whole mesh of 5
 * agents with 4 slots each).
 */
class PollSharingTest {
  private static final String REPO = "sharing";

  @TempDir Path tmp;

  @Test
  void tasksThePollerHasNoSlotForAreClaimedByItsPeersWithoutAnotherPoll() throws Exception {
    try (LocalTracker server =
            LocalTracker.start(
                LocalTrackerConfig.of(tmp.resolve("tracker")).withListen("127.0.0.1", 0));
        GiteaTracker admin = LocalRepo.client(server, REPO)) {
      LocalRepo.create(server, REPO);
      for (int n = 1; n <= 2; n++) {
        admin.createTask(
            new NewTask(
                "Task " + n,
                "```bzzz-script\nprintf '" + n + "\\n' > result.txt\n```\n",
                List.of(BzzzLabels.TASK)));
      }
      try (Agent a1 = Agent.create(config(server, "a1", Optional.empty()), "test")) {
        a1.start(Optional.empty());
        try (Agent a2 =
            Agent.create(config(server, "a2", Optional.of(a1.multiaddrs().getFirst())), "test")) {
          a2.start(Optional.empty());
          await()
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () ->
                      admin.task(1).hasLabel(BzzzLabels.DONE)
                          && admin.task(2).hasLabel(BzzzLabels.DONE));
          Set<String> owners = new HashSet<>();
          for (int n = 1; n <= 2; n++) {
            owners.add(
                admin.currentClaim(n).orElseThrow().owner().map(AgentIdentity::name).orElseThrow());
          }
          assertThat(owners).as("one task each: the poller had one slot").hasSize(2);
          double viaMesh = pickups(a1, "mesh") + pickups(a2, "mesh");
          double viaPoll = pickups(a1, "poll") + pickups(a2, "poll");
          assertThat(viaPoll).as("the poller's own claim").isEqualTo(1);
          assertThat(viaMesh).as("the peer's claim, from the poller's task_available").isEqualTo(1);
        }
      }
    }
  }

  private static double pickups(Agent agent, String path) {
    return MetricSnapshotsRead.histogram(
        agent.view().metrics().latencies(), "bzzz_task_pickup_seconds", Map.of("path", path))[0];
  }

  private AgentConfig config(LocalTracker server, String name, Optional<String> bootstrap)
      throws Exception {
    LocalAgentFlags flags =
        LocalAgentFlags.asAdmin(tmp, server.baseUrl(), REPO, name)
            .put("name", name)
            .put("executor", "script")
            .put("max-tasks", "1")
            .put("poll-interval", "10m")
            .put("run-alone", "false")
            .put("auction", "false"); // the first-come rota's sharing is what this measures
    bootstrap.ifPresent(b -> flags.put("bootstrap", b));
    return flags.load();
  }
}
