package io.bzzz.tracker.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.NewPullRequest;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskQuery;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.support.LocalTrackerHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Gitea adapter against the real local tracker, unchanged: the contract is Gitea's API. */
class GiteaOnLocalTrackerTest {
  private static final AgentIdentity ALICE =
      new AgentIdentity("alice", Optional.of("12D3KooWAlice"), Optional.of("a1"));

  @TempDir static Path dir;
  static LocalTrackerHarness local;

  @BeforeAll
  static void start() {
    local = LocalTrackerHarness.start(dir);
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @Test
  void claimsAreExclusiveAndAnnounced() {
    RepoRef repo = local.createRepo("claims");
    try (GiteaTracker tracker = local.client(repo)) {
      tracker.ensureLabels();
      Task task = tracker.createTask(new NewTask("Do it", "body", List.of(BzzzLabels.TASK)));
      assertThat(tracker.candidates(10)).extracting(Task::number).containsExactly(task.number());

      ClaimResult won = tracker.claim(task.number(), ALICE);
      ClaimResult lost = tracker.claim(task.number(), AgentIdentity.named("bob"));

      assertThat(won).isInstanceOf(ClaimResult.Won.class);
      assertThat(lost).isEqualTo(new ClaimResult.Lost(task.number(), 1, Optional.of(ALICE)));
      Task after = tracker.task(task.number());
      assertThat(after.labels()).contains(BzzzLabels.CLAIMED);
      assertThat(after.assignees()).containsExactly("admin");
      assertThat(tracker.candidates(10)).isEmpty();
      assertThat(tracker.currentClaim(task.number()))
          .hasValueSatisfying(c -> assertThat(c.owner()).contains(ALICE));
    }
  }

  @Test
  void reclaimFencesTheOldAttempt() {
    RepoRef repo = local.createRepo("stale");
    try (GiteaTracker tracker = local.client(repo)) {
      Task task = tracker.createTask(new NewTask("t", "", List.of(BzzzLabels.TASK)));
      Claim old = ((ClaimResult.Won) tracker.claim(task.number(), ALICE)).claim();
      Claim fresh =
          ((ClaimResult.Won) tracker.reclaim(task.number(), AgentIdentity.named("bob"), c -> true))
              .claim();
      assertThat(fresh.branch()).isEqualTo("bzzz/task-" + task.number() + "-a2");
      assertThatThrownBy(() -> tracker.check(old)).isInstanceOf(TrackerException.Superseded.class);
      tracker.check(fresh);
    }
  }

  @Test
  void listsManyPagesAndFiltersLabels() {
    RepoRef repo = local.createRepo("paging");
    try (GiteaTracker tracker = local.client(repo)) {
      for (int i = 0; i < 120; i++) {
        tracker.createTask(new NewTask("t" + i, "", List.of(BzzzLabels.TASK)));
      }
      tracker.createTask(new NewTask("plain", "", List.of("bug")));
      List<Task> all = tracker.listTasks(TaskQuery.open(1000));
      assertThat(all).hasSize(120);
      assertThat(all).extracting(Task::number).isSorted().doesNotHaveDuplicates();
      assertThat(tracker.listTasks(TaskQuery.open(7))).hasSize(7);
    }
  }

  @Test
  void commentsLabelsAndClose() {
    RepoRef repo = local.createRepo("results");
    try (GiteaTracker tracker = local.client(repo)) {
      Task task = tracker.createTask(new NewTask("t", "", List.of(BzzzLabels.TASK)));
      tracker.claim(task.number(), ALICE);
      // A pull request from a branch without commits is refused, as Gitea does.
      NewPullRequest empty =
          new NewPullRequest("bzzz/task-" + task.number(), "main", "Fix", "Closes");
      assertThatThrownBy(() -> tracker.openPullRequest(empty))
          .isInstanceOf(TrackerException.InvalidInput.class)
          .hasMessageContaining("no changes");

      tracker.comment(task.number(), "hello");
      assertThat(tracker.comments(task.number()).getLast().body()).startsWith("hello");

      tracker.relabel(task.number(), List.of(BzzzLabels.DONE), List.of(BzzzLabels.CLAIMED));
      assertThat(tracker.task(task.number()).labels())
          .contains(BzzzLabels.DONE)
          .doesNotContain(BzzzLabels.CLAIMED);

      tracker.closeIssue(task.number());
      assertThat(tracker.task(task.number()).state()).isEqualTo(io.bzzz.tracker.TaskState.CLOSED);
      assertThat(tracker.repoInfo().cloneUrl()).endsWith("/admin/results.git");
    }
  }

  @Test
  void wrongTokenUnknownRepoAndUnknownLabel() {
    RepoRef repo = local.createRepo("errors");
    try (GiteaTracker wrong = GiteaTracker.connect(local.connection(repo, "0123456789abcdef"))) {
      assertThatThrownBy(() -> wrong.createTask(new NewTask("x", "", List.of())))
          .isInstanceOf(TrackerException.Unauthorized.class)
          .hasMessageNotContaining("0123456789abcdef");
    }
    try (GiteaTracker ghost = local.client(new RepoRef("admin", "ghost"))) {
      assertThatThrownBy(() -> ghost.task(1)).isInstanceOf(TrackerException.NotFound.class);
    }
    try (GiteaTracker tracker = local.client(repo)) {
      assertThatThrownBy(() -> tracker.createTask(new NewTask("x", "", List.of("nope"))))
          .isInstanceOf(TrackerException.InvalidInput.class);
      assertThatThrownBy(() -> tracker.task(999)).isInstanceOf(TrackerException.NotFound.class);
    }
  }

  @Test
  void anOversizedBodyIsRefusedAsInvalidInputAndNothingIsCreated() {
    RepoRef repo = local.createRepo("oversized");
    try (GiteaTracker tracker = local.client(repo)) {
      String huge = "x".repeat(2 << 20);
      assertThatThrownBy(
              () -> tracker.createTask(new NewTask("big", huge, List.of(BzzzLabels.TASK))))
          .isInstanceOf(TrackerException.InvalidInput.class)
          .hasMessageContaining("413");
      assertThat(tracker.listTasks(TaskQuery.open(10))).isEmpty();
    }
  }
}
