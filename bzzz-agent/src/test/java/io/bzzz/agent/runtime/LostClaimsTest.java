package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.tracker.BzzzLabels;
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
 * The stall of the first chaos run: claim branches that nobody labelled (the tracker created the
 * branch and was SIGKILLed before it answered, so the sender's retry heard "already exists"; or the
 * winner died between branch and label) look like open tasks, sort first, and lose every claim. The
 * agent must move past them to the tasks behind, against a real local tracker.
 */
class LostClaimsTest {
  private static final String REPO = "chaos";

  @TempDir Path tmp;

  @Test
  void claimBranchesNobodySignedDoNotHideTheTasksBehindThemAndAreTakenOverAfterAGrace()
      throws Exception {
    try (LocalTracker server =
            LocalTracker.start(
                LocalTrackerConfig.of(tmp.resolve("tracker")).withListen("127.0.0.1", 0));
        GiteaTracker admin = client(server)) {
      createRepo(server);
      admin.ensureLabels();
      for (int n = 1; n <= 5; n++) {
        admin.createTask(
            new NewTask(
                "Task " + n,
                "```bzzz-script\nprintf '" + n + "\\n' > result.txt\n```\n",
                List.of(BzzzLabels.TASK)));
      }
      // as many unsigned branches as the agent has slots, on the oldest tasks, which rank first
      for (int n = 1; n <= 3; n++) {
        assertThat(admin.createBranch("bzzz/task-" + n)).isTrue();
      }

      try (Agent agent = Agent.create(config(server), "test")) {
        agent.start(Optional.empty());
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    admin.task(4).hasLabel(BzzzLabels.DONE)
                        && admin.task(5).hasLabel(BzzzLabels.DONE));
        // nobody signed attempt 1 of tasks 1-3: after the grace they are taken over as attempt 2
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    admin.task(1).hasLabel(BzzzLabels.DONE)
                        && admin.task(2).hasLabel(BzzzLabels.DONE)
                        && admin.task(3).hasLabel(BzzzLabels.DONE));
        for (int n = 1; n <= 3; n++) {
          assertThat(admin.currentClaim(n).orElseThrow().branch())
              .isEqualTo("bzzz/task-" + n + "-a2");
        }
      }
    }
  }

  @Test
  void aLostTaskIsForgottenOnceItLeavesTheCandidates() {
    LostClaims lost = new LostClaims();
    TaskRef one = new TaskRef("local", "o/a", 1);
    TaskRef two = new TaskRef("local", "o/a", 2);
    TaskRef other = new TaskRef("local", "o/b", 1);
    lost.lost(one);
    lost.lost(two);
    lost.lost(other);

    lost.keepOnly("o/a", List.of(two, new TaskRef("local", "o/a", 3)));

    assertThat(lost.isLost(one)).isFalse();
    assertThat(lost.isLost(two)).isTrue();
    assertThat(lost.isLost(other)).as("another repository's listing says nothing of it").isTrue();
    assertThat(lost.size()).isEqualTo(2);
  }

  private AgentConfig config(LocalTracker server) throws Exception {
    return LocalAgentFlags.asAdmin(tmp, server.baseUrl(), REPO, "agent")
        .put("executor", "script")
        .put("max-tasks", "3")
        .load();
  }

  private static GiteaTracker client(LocalTracker server) {
    return LocalRepo.client(server, REPO);
  }

  private static void createRepo(LocalTracker server) throws Exception {
    LocalRepo.create(server, REPO);
  }
}
