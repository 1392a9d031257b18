package io.bzzz.tracker.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.NewPullRequest;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskQuery;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.fake.Connections;
import io.bzzz.tracker.fake.FakeGitea;
import io.bzzz.tracker.fake.FakeServer.Reply;
import io.bzzz.tracker.fake.ForgeModel;
import io.bzzz.tracker.fake.TestClock;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GiteaTrackerTest {
  private static final RepoRef REPO = new RepoRef("acme", "widgets");
  private static final AgentIdentity ALICE =
      new AgentIdentity("alice", Optional.of("12D3KooWAlice"), Optional.empty());

  private ForgeModel model;
  private FakeGitea gitea;
  private GiteaTracker tracker;

  @BeforeEach
  void start() {
    model = new ForgeModel("acme", "widgets", "admin");
    gitea = new FakeGitea(model, "gitea-token");
    tracker =
        GiteaTracker.connect(
            Connections.fake(gitea.url(), REPO, "gitea-token", new TestClock(Instant.EPOCH)));
  }

  @AfterEach
  void stop() {
    tracker.close();
    gitea.close();
  }

  @Test
  void apiRootIsAddedOnce() {
    assertThat(GiteaTracker.apiRoot(URI.create("http://h:3000")))
        .hasToString("http://h:3000/api/v1");
    assertThat(GiteaTracker.apiRoot(URI.create("http://h:3000/api/v1/")))
        .hasToString("http://h:3000/api/v1");
  }

  @Test
  void listsInPagesOfFiftyUsingTheTokenScheme() {
    for (int i = 1; i <= 120; i++) {
      model.addIssue("task " + i, "", List.of("bzzz-task"));
    }
    model.addPull("feature", "main", "pr", "");

    List<Task> tasks = tracker.candidates(500);

    assertThat(tasks).hasSize(120);
    assertThat(tasks).extracting(Task::number).isSorted();
    assertThat(gitea.count("GET", "/api/v1/repos/acme/widgets/issues")).isEqualTo(3);
    assertThat(gitea.requests().get(0).headers().get("authorization"))
        .isEqualTo("token gitea-token");
    assertThat(gitea.requests()).allSatisfy(r -> assertThat(r.path()).startsWith("/api/v1/"));
  }

  @Test
  void claimIsBranchCreationWhichAnswers409WhenTaken() {
    model.addIssue("t", "", List.of("bzzz-task"));
    tracker.ensureLabels();

    ClaimResult won = tracker.claim(1, ALICE);
    ClaimResult lost = tracker.claim(1, AgentIdentity.named("bob"));

    assertThat(won).isInstanceOf(ClaimResult.Won.class);
    assertThat(lost).isEqualTo(new ClaimResult.Lost(1, 1, Optional.of(ALICE)));
    Task task = tracker.task(1);
    assertThat(task.labels()).contains(BzzzLabels.CLAIMED);
    assertThat(task.assignees()).containsExactly("admin");
    assertThat(tracker.candidates(10)).isEmpty();
    assertThat(tracker.listTasks(TaskQuery.claimed(10)))
        .extracting(Task::number)
        .containsExactly(1);
  }

  @Test
  void staleClaimIsTakenOverAndTheOldOwnerIsFenced() {
    model.addIssue("t", "", List.of("bzzz-task"));
    Claim old = ((ClaimResult.Won) tracker.claim(1, ALICE)).claim();

    Claim fresh =
        ((ClaimResult.Won) tracker.reclaim(1, AgentIdentity.named("bob"), c -> true)).claim();

    assertThat(fresh.branch()).isEqualTo("bzzz/task-1-a2");
    assertThatThrownBy(() -> tracker.check(old)).isInstanceOf(TrackerException.Superseded.class);
    tracker.check(fresh);
  }

  @Test
  void labelsAreSetByIdAndMissingBzzzLabelsAreCreated() {
    Task task = tracker.createTask(new NewTask("Write docs", "body", List.of("bzzz-task")));
    assertThat(task.labels()).containsExactly("bzzz-task");

    tracker.relabel(task.number(), List.of(BzzzLabels.FAILED), List.of("bzzz-task"));

    assertThat(tracker.task(task.number()).labels()).containsExactly(BzzzLabels.FAILED);
    assertThatThrownBy(() -> tracker.createTask(new NewTask("x", "", List.of("no-such-label"))))
        .isInstanceOf(TrackerException.InvalidInput.class)
        .hasMessageContaining("no-such-label");
  }

  @Test
  void aLabelIdTheServerIgnoresIsReportedAsInvalidInput() {
    model.addIssue("t", "", List.of());
    tracker.ensureLabels();
    // The label vanishes between our lookup and the call; Gitea drops the unknown id silently.
    gitea.fail("POST", "/api/v1/repos/acme/widgets/issues/1/labels", 1, Reply.json(200, List.of()));

    assertThatThrownBy(() -> tracker.relabel(1, List.of(BzzzLabels.DONE), List.of()))
        .isInstanceOf(TrackerException.InvalidInput.class)
        .hasMessageContaining("was not applied");
  }

  @Test
  void pullRequestCreationIsIdempotentForOneHeadDespite409() {
    model.addIssue("t", "", List.of("bzzz-task"));
    tracker.claim(1, ALICE);
    NewPullRequest request = new NewPullRequest("bzzz/task-1", "main", "Fix", "Closes #1");

    PullRequest first = tracker.openPullRequest(request);
    PullRequest again = tracker.openPullRequest(request);

    assertThat(again.number()).isEqualTo(first.number());
    assertThat(gitea.count("POST", "/api/v1/repos/acme/widgets/pulls")).isEqualTo(2);
  }

  @Test
  void issueEditAnswering201ClosesTheIssue() {
    model.addIssue("t", "", List.of("bzzz-task"));
    tracker.closeIssue(1);
    assertThat(model.issue(1).orElseThrow().state).isEqualTo("closed");
  }

  @Test
  void badInputFromOrToTheServerGivesClearErrors() {
    try (GiteaTracker wrong =
        GiteaTracker.connect(
            Connections.fake(gitea.url(), REPO, "not-the-token", new TestClock(Instant.EPOCH)))) {
      assertThatThrownBy(() -> wrong.candidates(5))
          .isInstanceOf(TrackerException.Unauthorized.class)
          .hasMessageNotContaining("not-the-token");
    }
    try (GiteaTracker unknown =
        GiteaTracker.connect(
            Connections.fake(
                gitea.url(),
                new RepoRef("acme", "ghost"),
                "gitea-token",
                new TestClock(Instant.EPOCH)))) {
      assertThatThrownBy(() -> unknown.task(1)).isInstanceOf(TrackerException.NotFound.class);
    }
    gitea.fail(
        "GET", "/api/v1/repos/acme/widgets/issues", 1, Reply.json(200, Map.of("not", "a list")));
    assertThatThrownBy(() -> tracker.candidates(5))
        .isInstanceOf(TrackerException.BadResponse.class)
        .hasMessageContaining("array");
    assertThatThrownBy(() -> RepoRef.parse("acme/../etc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RepoRef("..", "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
