package io.bzzz.tracker.gitea;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.support.LocalTrackerHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A claim made before the local tracker restarts still holds after it, seen through the API. */
class ClaimAcrossRestartTest {
  private static final AgentIdentity ALICE =
      new AgentIdentity("alice", Optional.of("12D3KooWAlice"), Optional.empty());

  @TempDir Path dir;

  @Test
  void claimsCommentsAndLabelsSurviveARestart() {
    RepoRef repo;
    Task task;
    Claim claim;
    try (LocalTrackerHarness first = LocalTrackerHarness.start(dir)) {
      repo = first.createRepo("durable");
      try (GiteaTracker tracker = first.client(repo)) {
        task = tracker.createTask(new NewTask("t", "", List.of(BzzzLabels.TASK)));
        claim = ((ClaimResult.Won) tracker.claim(task.number(), ALICE)).claim();
      }
    }
    try (LocalTrackerHarness second = LocalTrackerHarness.start(dir);
        GiteaTracker tracker = second.client(repo)) {
      ClaimResult again = tracker.claim(task.number(), AgentIdentity.named("bob"));

      assertThat(again).isEqualTo(new ClaimResult.Lost(task.number(), 1, Optional.of(ALICE)));
      assertThat(tracker.currentClaim(task.number()))
          .hasValueSatisfying(c -> assertThat(c.branch()).isEqualTo(claim.branch()));
      assertThat(tracker.task(task.number()).labels()).contains(BzzzLabels.CLAIMED);
      assertThat(tracker.candidates(10)).isEmpty();
      tracker.check(claim);
    }
  }
}
