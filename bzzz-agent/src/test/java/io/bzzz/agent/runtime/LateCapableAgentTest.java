package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task no live agent can do is claimed anyway, so that it ends in {@code bzzz-failed} instead of
 * staying open, but only after the mesh has been stable for a suspect period with still nobody able
 * to do it. In-process agents on a real mesh and a real local tracker.
 */
class LateCapableAgentTest {
  private static final String REPO = "late";
  private static final String SPECIAL_TASK =
      "```bzzz-script\nprintf 'special\\n' > special.txt\n```\n";

  @TempDir Path tmp;

  /**
   * The capable agent starts after the task is open and after an agent that cannot do it: it gets
   * the task's first claim. Before, the first agent claimed it at its first poll and the capable
   * one got it only through the help rounds (attempt 2), or not at all when it joined after them.
   */
  @Test
  void aCapableAgentStartingAfterTheOthersGetsTheFirstClaim() throws Exception {
    try (LocalTracker server = tracker();
        GiteaTracker admin = LocalRepo.client(server, REPO)) {
      openSpecialTask(server, admin);
      // availability 5 s: a suspect period of 15 s (room for the second agent to join under
      // load), help rounds of 30 s
      try (Agent plain = Agent.create(config(server, "plain", Optional.empty(), "5s"), "test")) {
        plain.start(Optional.empty());
        try (Agent special =
            Agent.create(
                config(server, "special", Optional.of(plain.multiaddrs().getFirst()), "5s"),
                "test")) {
          special.start(Optional.empty());
          await()
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> admin.task(1).hasLabel(BzzzLabels.DONE));
          Claim claim = admin.currentClaim(1).orElseThrow();
          assertThat(claim.owner().map(AgentIdentity::name)).contains("special");
          assertThat(claim.attempt()).as("nobody claimed it before the capable agent").isEqualTo(1);
        }
      }
    }
  }

  /** With nobody able to do it, ever, the task still ends failed for a human. */
  @Test
  void aTaskNobodyCanDoStillEndsFailedOnceTheMeshIsStable() throws Exception {
    try (LocalTracker server = tracker();
        GiteaTracker admin = LocalRepo.client(server, REPO)) {
      openSpecialTask(server, admin);
      try (Agent plain = Agent.create(config(server, "plain", Optional.empty(), "1s"), "test")) {
        plain.start(Optional.empty());
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> admin.task(1).hasLabel(BzzzLabels.FAILED));
        assertThat(admin.currentClaim(1).orElseThrow().owner().map(AgentIdentity::name))
            .contains("plain");
      }
    }
  }

  /** Task 1, which needs a capability only the agent named "special" has. */
  private static void openSpecialTask(LocalTracker server, GiteaTracker admin) throws Exception {
    LocalRepo.create(server, REPO);
    admin.ensureLabel("needs:special", "ededed");
    admin.createTask(
        new NewTask("Special", SPECIAL_TASK, List.of(BzzzLabels.TASK, "needs:special")));
  }

  private LocalTracker tracker() throws Exception {
    return LocalTracker.start(
        LocalTrackerConfig.of(tmp.resolve("tracker")).withListen("127.0.0.1", 0));
  }

  private AgentConfig config(
      LocalTracker server, String name, Optional<String> bootstrap, String availability)
      throws Exception {
    LocalAgentFlags flags =
        LocalAgentFlags.asAdmin(tmp, server.baseUrl(), REPO, name)
            .put("name", name)
            .put("executor", "script")
            .put("availability-interval", availability);
    if (name.equals("special")) {
      flags.put("capability", "special");
    }
    bootstrap.ifPresent(b -> flags.put("bootstrap", b));
    return flags.load();
  }
}
