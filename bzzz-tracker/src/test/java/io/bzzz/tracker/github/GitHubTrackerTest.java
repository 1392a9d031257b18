package io.bzzz.tracker.github;

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
import io.bzzz.tracker.fake.FakeGitHub;
import io.bzzz.tracker.fake.FakeServer.Reply;
import io.bzzz.tracker.fake.ForgeModel;
import io.bzzz.tracker.fake.TestClock;
import io.bzzz.tracker.http.HttpPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubTrackerTest {
  private static final RepoRef REPO = new RepoRef("acme", "widgets");
  private static final AgentIdentity ALICE =
      new AgentIdentity("alice", Optional.of("12D3KooWAlice"), Optional.of("ab12"));
  private static final AgentIdentity BOB = AgentIdentity.named("bob");

  private ForgeModel model;
  private FakeGitHub github;
  private TestClock clock;
  private GitHubTracker tracker;

  @BeforeEach
  void start() {
    model = new ForgeModel("acme", "widgets", "bzzz-bot");
    github = new FakeGitHub(model, "s3cret-token");
    clock = new TestClock(Instant.parse("2026-11-22T10:00:00Z"));
    tracker = GitHubTracker.connect(Connections.fake(github.url(), REPO, "s3cret-token", clock));
  }

  @AfterEach
  void stop() {
    tracker.close();
    github.close();
  }

  @Test
  void listsCandidatesAcrossLinkedPagesWithoutPullRequestsOrClaimedTasks() {
    for (int i = 1; i <= 230; i++) {
      model.addIssue(
          "task " + i,
          "",
          i % 10 == 0 ? List.of("bzzz-task", "bzzz-claimed") : List.of("bzzz-task"));
    }
    model.addIssue("not a task", "", List.of("bug"));
    model.addPull("feature", "main", "a pull request", "");

    List<Task> candidates = tracker.candidates(1000);

    assertThat(candidates).hasSize(207);
    assertThat(candidates).extracting(Task::number).doesNotContain(10, 20, 231, 232);
    assertThat(candidates.get(0).title()).isEqualTo("task 1");
    assertThat(github.count("GET", "/repos/acme/widgets/issues")).isEqualTo(3);
  }

  @Test
  void unchangedPagesAreAnsweredWith304AndServedFromTheCache() {
    model.addIssue("one", "", List.of("bzzz-task"));
    assertThat(tracker.candidates(10)).hasSize(1);
    github.clearLog();

    List<Task> again = tracker.candidates(10);

    assertThat(again).extracting(Task::title).containsExactly("one");
    assertThat(github.requests().get(0).headers()).containsKey("if-none-match");
    model.addIssue("two", "", List.of("bzzz-task"));
    assertThat(tracker.candidates(10)).extracting(Task::title).containsExactly("one", "two");
  }

  @Test
  void firstClaimWinsThenAnnouncesAndSecondLosesToTheNamedOwner() {
    model.addIssue("t", "", List.of("bzzz-task"));
    tracker.ensureLabels();

    ClaimResult first = tracker.claim(1, ALICE);
    ClaimResult second = tracker.claim(1, BOB);

    assertThat(first).isInstanceOf(ClaimResult.Won.class);
    Claim claim = ((ClaimResult.Won) first).claim();
    assertThat(claim.branch()).isEqualTo("bzzz/task-1");
    assertThat(claim.attempt()).isEqualTo(1);
    assertThat(second).isEqualTo(new ClaimResult.Lost(1, 1, Optional.of(ALICE)));
    Task task = tracker.task(1);
    assertThat(task.labels()).contains(BzzzLabels.CLAIMED);
    assertThat(task.assignees()).containsExactly("bzzz-bot");
    assertThat(tracker.comments(1))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.body()).contains("alice", "12D3KooWAlice", "ab12", "bzzz/task-1");
            });
    assertThat(model.branchNames()).contains("bzzz/task-1");
    assertThat(tracker.candidates(10)).isEmpty();
  }

  @Test
  void addingAnAssigneeNeverFailsSoItIsNotTheLock() {
    model.addIssue("t", "", List.of("bzzz-task"));
    assertThat(tracker.assignSelf(1)).isTrue();
    assertThat(tracker.assignSelf(1)).isTrue();
    // Both "succeeded": only the branch can tell who won.
    assertThat(tracker.claim(1, ALICE)).isInstanceOf(ClaimResult.Won.class);
    assertThat(tracker.claim(1, BOB)).isInstanceOf(ClaimResult.Lost.class);
  }

  @Test
  void reclaimTakesTheNextAttemptOnlyWhenTheOwnerIsGoneAndFencesTheOldOwner() {
    model.addIssue("t", "", List.of("bzzz-task"));
    Claim old = ((ClaimResult.Won) tracker.claim(1, ALICE)).claim();

    ClaimResult alive = tracker.reclaim(1, BOB, c -> false);
    assertThat(alive).isEqualTo(new ClaimResult.Lost(1, 1, Optional.of(ALICE)));
    tracker.check(old);

    ClaimResult taken = tracker.reclaim(1, BOB, c -> c.owner().orElseThrow().equals(ALICE));
    assertThat(taken).isInstanceOf(ClaimResult.Won.class);
    Claim fresh = ((ClaimResult.Won) taken).claim();
    assertThat(fresh.branch()).isEqualTo("bzzz/task-1-a2");
    assertThat(fresh.attempt()).isEqualTo(2);
    assertThat(tracker.currentClaim(1))
        .hasValueSatisfying(
            c -> {
              assertThat(c.attempt()).isEqualTo(2);
              assertThat(c.owner()).contains(BOB);
            });

    assertThatThrownBy(() -> tracker.check(old))
        .isInstanceOf(TrackerException.Superseded.class)
        .hasMessageContaining("attempt 2 supersedes our attempt 1");
    tracker.check(fresh);
  }

  @Test
  void openingAPullRequestTwiceForOneHeadReturnsTheSameOne() {
    model.addIssue("t", "", List.of("bzzz-task"));
    tracker.claim(1, ALICE);
    NewPullRequest request = new NewPullRequest("bzzz/task-1", "main", "Fix #1", "Closes #1");

    PullRequest first = tracker.openPullRequest(request);
    PullRequest second = tracker.openPullRequest(request);

    assertThat(second.number()).isEqualTo(first.number());
    assertThat(first.head()).isEqualTo("bzzz/task-1");
    assertThat(model.issues().stream().filter(i -> i.pull.isPresent())).hasSize(1);
  }

  @Test
  void createsTasksLabelsAndClosesIssues() {
    tracker.ensureLabels();
    tracker.ensureLabels();
    assertThat(model.labels()).hasSize(BzzzLabels.ALL.size());

    Task task =
        tracker.createTask(
            new NewTask("Add a README", "please", List.of("bzzz-task", "help wanted")));
    assertThat(task.labels()).containsExactly("bzzz-task", "help wanted");
    tracker.relabel(task.number(), List.of(BzzzLabels.DONE), List.of("help wanted", "not-there"));
    assertThat(tracker.task(task.number()).labels()).containsExactly("bzzz-task", BzzzLabels.DONE);

    tracker.closeIssue(task.number());
    assertThat(tracker.listTasks(TaskQuery.open(10))).isEmpty();
  }

  @Test
  void wrongOrMissingTokenIsUnauthorizedAndNeverEchoed() {
    github.acceptToken("another");
    assertThatThrownBy(() -> tracker.candidates(10))
        .isInstanceOf(TrackerException.Unauthorized.class)
        .hasMessageContaining("401")
        .hasMessageNotContaining("s3cret-token");
    try (GitHubTracker anonymous =
        GitHubTracker.connect(
            Connections.fake(github.url(), REPO, Optional.empty(), clock, HttpPolicy.defaults()))) {
      assertThatThrownBy(() -> anonymous.task(1)).isInstanceOf(TrackerException.Unauthorized.class);
    }
  }

  @Test
  void unknownRepositoryAndIssueAreNotFound() {
    try (GitHubTracker other =
        GitHubTracker.connect(
            Connections.fake(github.url(), new RepoRef("acme", "nope"), "s3cret-token", clock))) {
      assertThatThrownBy(() -> other.candidates(10))
          .isInstanceOf(TrackerException.NotFound.class)
          .hasMessageContaining("/repos/acme/nope/issues");
    }
    assertThatThrownBy(() -> tracker.task(99)).isInstanceOf(TrackerException.NotFound.class);
  }

  @Test
  void malformedJsonIsABadResponseAndTheClientStaysUsable() {
    model.addIssue("t", "", List.of("bzzz-task"));
    github.fail(
        "GET",
        "/repos/acme/widgets/issues",
        1,
        new Reply(200, java.util.Map.of(), "{\"number\": [".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> tracker.candidates(10))
        .isInstanceOf(TrackerException.BadResponse.class)
        .hasMessageContaining("malformed JSON");
    github.fail(
        "GET",
        "/repos/acme/widgets/issues/1",
        1,
        Reply.json(200, java.util.Map.of("number", "one")));
    assertThatThrownBy(() -> tracker.task(1))
        .isInstanceOf(TrackerException.BadResponse.class)
        .hasMessageContaining("number");
    assertThat(tracker.candidates(10)).hasSize(1);
  }

  @Test
  void gitHubEnterpriseBaseUrlIsUsedForEveryCallIncludingNextPages() {
    ForgeModel ghe = new ForgeModel("corp", "tools", "bot");
    for (int i = 0; i < 150; i++) {
      ghe.addIssue("t" + i, "", List.of("bzzz-task"));
    }
    try (FakeGitHub server = new FakeGitHub(ghe, "ghe-token", "/api/v3");
        GitHubTracker enterprise =
            GitHubTracker.connect(
                Connections.fake(
                    java.net.URI.create(server.url() + "/api/v3"),
                    new RepoRef("corp", "tools"),
                    "ghe-token",
                    clock))) {
      assertThat(enterprise.candidates(1000)).hasSize(150);
      assertThat(enterprise.claim(1, ALICE)).isInstanceOf(ClaimResult.Won.class);
      assertThat(server.requests()).allSatisfy(r -> assertThat(r.path()).startsWith("/api/v3/"));
    }
  }
}
