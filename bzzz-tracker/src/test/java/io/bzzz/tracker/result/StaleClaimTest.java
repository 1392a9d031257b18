package io.bzzz.tracker.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.fake.Connections;
import io.bzzz.tracker.fake.FakeGitHub;
import io.bzzz.tracker.fake.FakeGitea;
import io.bzzz.tracker.fake.FakeServer;
import io.bzzz.tracker.fake.ForgeModel;
import io.bzzz.tracker.fake.TestClock;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.github.GitHubTracker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The owner is reported dead, attempt 2 wins; the old owner comes back, finds itself superseded,
 * and neither pushes nor opens a pull request. On both forge fakes; the local tracker version with
 * a real push is in {@code LocalResultWorkflowTest}.
 */
class StaleClaimTest {
  private static final RepoRef REPO = new RepoRef("acme", "widgets");
  private static final AgentIdentity ALICE =
      new AgentIdentity("alice", Optional.of("12D3KooWAlice"), Optional.of("aa11"));
  private static final AgentIdentity BOB =
      new AgentIdentity("bob", Optional.of("12D3KooWBob"), Optional.of("bb22"));
  private static final Path WORKSPACE = Path.of("workspace-not-touched");

  private record Pushed(String branch) {}

  @ParameterizedTest
  @ValueSource(strings = {"github", "gitea"})
  void supersededOwnerNeitherPushesNorOpensAPullRequest(String kind) {
    ForgeModel model = new ForgeModel("acme", "widgets", "bot");
    model.addIssue("Fix the frobnicator", "", List.of("bzzz-task"));
    try (FakeServer server = fake(kind, model);
        Tracker alice = open(kind, server);
        Tracker bob = open(kind, server)) {
      alice.ensureLabels();
      Claim aliceClaim = ((ClaimResult.Won) alice.claim(1, ALICE)).claim();

      // The mesh reports alice gone: bob takes attempt 2.
      ClaimResult taken =
          bob.reclaim(1, BOB, c -> c.owner().map(AgentIdentity::name).equals(Optional.of("alice")));
      Claim bobClaim = ((ClaimResult.Won) taken).claim();
      assertThat(bobClaim.attempt()).isEqualTo(2);

      // Alice comes back and tries to report.
      List<Pushed> pushes = new ArrayList<>();
      GitPush recording = (ws, repo, branch) -> pushes.add(new Pushed(branch));
      Task task = alice.task(1);
      int commentsBefore = model.issue(1).orElseThrow().comments.size();
      assertThatThrownBy(
              () ->
                  new ResultWorkflow(alice, recording)
                      .succeed(task, aliceClaim, WORKSPACE, ALICE, "done"))
          .isInstanceOfSatisfying(
              TrackerException.Superseded.class, e -> assertThat(e.currentAttempt()).isEqualTo(2));
      assertThatThrownBy(
              () -> new ResultWorkflow(alice, recording).fail(task, aliceClaim, ALICE, "gave up"))
          .isInstanceOf(TrackerException.Superseded.class);
      assertThat(pushes).isEmpty();
      assertThat(model.issues()).noneMatch(i -> i.pull.isPresent());
      assertThat(model.issue(1).orElseThrow().comments).hasSize(commentsBefore);

      // Bob, the current owner, reports normally.
      PullRequest pr =
          new ResultWorkflow(bob, recording)
              .succeed(bob.task(1), bobClaim, WORKSPACE, BOB, "did it");
      assertThat(pushes).containsExactly(new Pushed("bzzz/task-1-a2"));
      assertThat(pr.head()).isEqualTo("bzzz/task-1-a2");
      ForgeModel.Issue pull = model.issue(pr.number()).orElseThrow();
      assertThat(pull.body).startsWith("Closes #1").contains("bob", "12D3KooWBob", "bb22");
      assertThat(bob.task(1).labels()).contains(BzzzLabels.DONE).doesNotContain(BzzzLabels.CLAIMED);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"github", "gitea"})
  void ownerSupersededDuringItsPushDoesNotOpenAPullRequest(String kind) {
    ForgeModel model = new ForgeModel("acme", "widgets", "bot");
    model.addIssue("t", "", List.of("bzzz-task"));
    try (FakeServer server = fake(kind, model);
        Tracker alice = open(kind, server);
        Tracker bob = open(kind, server)) {
      Claim aliceClaim = ((ClaimResult.Won) alice.claim(1, ALICE)).claim();
      GitPush slowPush = (ws, repo, branch) -> bob.reclaim(1, BOB, c -> true);

      assertThatThrownBy(
              () ->
                  new ResultWorkflow(alice, slowPush)
                      .succeed(alice.task(1), aliceClaim, WORKSPACE, ALICE, "done"))
          .isInstanceOf(TrackerException.Superseded.class);
      assertThat(model.issues()).noneMatch(i -> i.pull.isPresent());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"github", "gitea"})
  void failureIsCommentedAndLabelled(String kind) {
    ForgeModel model = new ForgeModel("acme", "widgets", "bot");
    model.addIssue("t", "", List.of("bzzz-task"));
    try (FakeServer server = fake(kind, model);
        Tracker alice = open(kind, server)) {
      Claim claim = ((ClaimResult.Won) alice.claim(1, ALICE)).claim();

      new ResultWorkflow(alice, (ws, r, b) -> {})
          .fail(alice.task(1), claim, ALICE, "tests failed: 3 of 10");

      assertThat(alice.task(1).labels())
          .contains(BzzzLabels.FAILED)
          .doesNotContain(BzzzLabels.CLAIMED);
      assertThat(alice.comments(1).getLast().body()).contains("tests failed: 3 of 10", "alice");
    }
  }

  private static FakeServer fake(String kind, ForgeModel model) {
    return kind.equals("github") ? new FakeGitHub(model, "tok") : new FakeGitea(model, "tok");
  }

  private static Tracker open(String kind, FakeServer server) {
    var connection = Connections.fake(server.url(), REPO, "tok", new TestClock(Instant.EPOCH));
    return kind.equals("github")
        ? GitHubTracker.connect(connection)
        : GiteaTracker.connect(connection);
  }
}
