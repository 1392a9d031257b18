package io.bzzz.agent.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.agent.exec.ScriptExecutor;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskState;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.review.PullStatus;
import io.bzzz.tracker.review.ReviewState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The review loop against a real local tracker (SQLite, JGit over smart HTTP, its Gitea API), real
 * clones and a real script executor: a reviewer with write access asks for a change on a pull
 * request an agent opened, and the agent answers on the same branch.
 */
class ReviewLoopOnLocalTrackerTest extends LocalReviewFixture {
  private static final String SCRIPT = "```bzzz-script\necho reviewed > review.txt\n```\n";

  @Test
  void aReviewRequestingChangesGetsOneCommitAndOneReply() throws Exception {
    String before = head();
    reviewerClient.submitReview(
        pull.number(), ReviewState.CHANGES_REQUESTED, "Please add a note.\n\n" + SCRIPT, List.of());

    ReviewWatcher a1 = watcher("a1", 5, Duration.ZERO);
    a1.checkAll();
    a1.checkAll(); // the same review again: already handled

    assertThat(commitsSince(before)).hasSize(1);
    assertThat(fileOnHead("review.txt")).isEqualTo("reviewed\n");
    assertThat(replies()).hasSize(1);
    assertThat(replies().getFirst().body())
        .contains("Done")
        .contains("pushed")
        .contains("<!-- bzzz-comment ");
    assertThat(agentClient.comments(pull.number()))
        .as("the pickup is visible on the pull request")
        .filteredOn(c -> c.body().contains("picked up review round 1 (1 request(s))"))
        .hasSize(1);
    assertThat(logged).hasSize(1);
    assertThat(logged.getFirst())
        .containsEntry("stage", "review_round")
        .containsEntry("outcome", "pushed");

    // a restarted agent (same data directory, fresh memory) does not answer it again
    watcher("a1", 5, Duration.ZERO).checkAll();
    assertThat(commitsSince(before)).hasSize(1);
    assertThat(replies()).hasSize(1);
  }

  @Test
  void aRequestWhoseScriptFailsLeavesNothingInTheCommitOfTheOtherRequests() throws Exception {
    String before = head();
    say(reviewerToken, "@bzzz one\n\n```bzzz-script\necho kept > kept.txt\n```\n");
    say(
        reviewerToken,
        "@bzzz two\n\n```bzzz-script\necho half > half.txt\nrm hello.txt\nexit 3\n```\n");
    watcher("a1", 5, Duration.ZERO).checkAll();

    assertThat(commitsSince(before)).hasSize(1);
    assertThat(bare().files(pull.head()))
        .contains("kept.txt", "hello.txt")
        .doesNotContain("half.txt");
    assertThat(replies()).hasSize(2);
    assertThat(replies().get(0).body()).contains("Done").contains("pushed");
    assertThat(replies().get(1).body()).contains("Not done").contains("exited with code 3");
  }

  @Test
  void twoAgentsRacingForOneRoundAnswerItOnce() throws Exception {
    String before = head();
    say(reviewerToken, "@bzzz add the note, please.\n\n" + SCRIPT);
    ReviewWatcher a1 = watcher("a1", 5, Duration.ZERO);
    ReviewWatcher a2 = watcher("a2", 5, Duration.ZERO);
    List<Throwable> errors = Race.pollAtOnce(List.of(a1, a2));
    a1.checkAll();
    a2.checkAll();
    assertThat(errors).isEmpty();
    assertThat(commitsSince(before)).hasSize(1);
    assertThat(replies()).hasSize(1);
    assertThat(logged).hasSize(1);
  }

  @Test
  void readersAndAgentsAskInVain() throws Exception {
    String before = head();
    say(readerToken, "@bzzz do it\n\n" + SCRIPT);
    agentClient.comment(pull.number(), "@bzzz do it\n\n" + SCRIPT); // the agents' own user
    watcher("a1", 5, Duration.ZERO).checkAll();
    assertThat(commitsSince(before)).isEmpty();
    assertThat(replies()).isEmpty();
    assertThat(logged).isEmpty();
  }

  @Test
  void theRoundLimitAsksAHuman() throws Exception {
    String before = head();
    ReviewWatcher a1 = watcher("a1", 1, Duration.ZERO);
    say(reviewerToken, "@bzzz first\n\n" + SCRIPT);
    a1.checkAll();
    say(reviewerToken, "@bzzz second\n\n```bzzz-script\necho again >> review.txt\n```\n");
    a1.checkAll();
    a1.checkAll();
    assertThat(commitsSince(before)).hasSize(1);
    assertThat(agentClient.task(task).labels()).contains(BzzzLabels.NEEDS_HUMAN);
    assertThat(agentClient.comments(pull.number()))
        .filteredOn(c -> c.body().contains("kind=limit"))
        .hasSize(1);
  }

  @Test
  void aPullRequestClosedUnmergedEndsTheRoundsAndAsksAHuman() throws Exception {
    ReviewWatcher a1 = watcher("a1", 5, Duration.ZERO);
    a1.checkAll();
    agentClient.closeIssue(pull.number()); // on Gitea a pull request is closed as its issue
    assertThat(agentClient.pullStatus(pull.number()).open()).isFalse();
    a1.checkAll();
    Task t = agentClient.task(task);
    assertThat(t.state()).isEqualTo(TaskState.OPEN);
    assertThat(t.labels()).contains(BzzzLabels.NEEDS_HUMAN).doesNotContain(BzzzLabels.MERGED);
    say(reviewerToken, "@bzzz more\n\n" + SCRIPT);
    a1.check(new WatchedRepo(repo.toString(), "gitea", agentClient, agentClient), pull.number());
    watcher("a2", 5, Duration.ZERO)
        .check(new WatchedRepo(repo.toString(), "gitea", agentClient, agentClient), pull.number());
    assertThat(logged).isEmpty();
  }

  @Test
  void aMergedPullRequestEndsTheTask() throws Exception {
    ReviewWatcher a1 = watcher("a1", 5, Duration.ZERO);
    a1.checkAll();
    reviewerClient.merge(pull.number());
    a1.checkAll();
    Task t = agentClient.task(task);
    assertThat(t.state()).isEqualTo(TaskState.CLOSED);
    assertThat(t.labels()).contains(BzzzLabels.MERGED);
    assertThat(agentClient.pullStatus(pull.number()).merged()).isTrue();
    // nothing on a merged pull request starts work again
    say(reviewerToken, "@bzzz more\n\n" + SCRIPT);
    a1.check(new WatchedRepo(repo.toString(), "gitea", agentClient, agentClient), pull.number());
    assertThat(logged).isEmpty();
  }

  @Test
  void theAgentThatDidTheWorkGoesFirst() throws Exception {
    say(reviewerToken, "@bzzz note\n\n" + SCRIPT);
    watcher("a2", 5, Duration.ofHours(1)).checkAll(); // a2 waits: a1 did the task
    assertThat(logged).isEmpty();
    watcher("a1", 5, Duration.ofHours(1)).checkAll();
    assertThat(logged).hasSize(1);

    // the pickup is marked on the request itself: an eyes reaction by the agents' user
    Comment asked =
        agentClient.comments(pull.number()).stream()
            .filter(c -> c.author().equals("rita"))
            .findFirst()
            .orElseThrow();
    try (var h = java.net.http.HttpClient.newHttpClient()) {
      var r =
          h.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          server.baseUrl()
                              + "/api/v1/repos/admin/sample/issues/comments/"
                              + asked.id()
                              + "/reactions"))
                  .header("Authorization", "token " + server.adminToken())
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"content\":\"eyes\"").contains("\"login\":\"admin\"");
    }
  }

  @Test
  void afterTheGraceOnlyAnAgentThatCouldDoTheTaskTakesItsRound() throws Exception {
    agentClient.ensureLabel("needs:gpu", "ededed");
    agentClient.relabel(task, List.of("needs:gpu"), List.of());
    say(reviewerToken, "@bzzz note\n\n" + SCRIPT);
    java.util.function.Predicate<List<String>> hasGpu = labels -> labels.contains("needs:gpu");
    // grace zero: a2 may take a1's round at once, if it could have done the task
    watcher("a2", 5, Duration.ZERO, agent -> false, agentClient, labels -> !hasGpu.test(labels))
        .checkAll();
    assertThat(logged).as("a2 has no gpu").isEmpty();
    watcher("a3", 5, Duration.ZERO, agent -> false, agentClient, labels -> true).checkAll();
    assertThat(logged).singleElement().satisfies(f -> assertThat(f).containsEntry("round", 1));
  }

  @Test
  void aSupersededRoundPushesNothing() throws Exception {
    String before = head();
    AgentIdentity a1 = AgentIdentity.named("a1");
    int highest = agentClient.currentClaim(task).orElseThrow().attempt();
    Claim mine =
        ((ClaimResult.Won) agentClient.claimRound(task, pull.number(), highest, a1, "round"))
            .claim();
    assertThat(agentClient.claimRound(task, pull.number(), highest, AgentIdentity.named("a2"), "x"))
        .isInstanceOf(ClaimResult.Lost.class); // the same round: one winner
    agentClient.claimRound(task, pull.number(), mine.attempt(), AgentIdentity.named("a2"), "later");

    ReviewRound round =
        new ReviewRound(
            executor(),
            workspaces("a1"),
            (ref, f) -> logged.add(new java.util.HashMap<String, Object>(f)));
    PullStatus status = agentClient.pullStatus(pull.number());
    Trigger ask =
        new Trigger(Trigger.Kind.ISSUE_COMMENT, 1, "rita", "@bzzz\n\n" + SCRIPT, "", 0, false);
    round.run(
        new WatchedRepo(repo.toString(), "gitea", agentClient, agentClient),
        agentClient.task(task),
        status,
        mine,
        1,
        List.of(ask));
    assertThat(head()).isEqualTo(before);
    assertThat(replies()).isEmpty();
    assertThat(logged)
        .singleElement()
        .satisfies(f -> assertThat(f).containsEntry("outcome", "superseded"));
  }

  /**
   * An agent claims a round and dies before answering: while the mesh does not confirm it gone the
   * round counts as under way; once it does, another agent claims the next round, does the work and
   * answers, and the dead round's claim is fenced (it can never push).
   */
  @Test
  void aRoundWhoseAgentDiedBeforeAnsweringIsTakenOverAndFencedOut() throws Exception {
    String before = head();
    say(reviewerToken, "@bzzz add the note, please.\n\n" + SCRIPT);
    AgentIdentity dead = new AgentIdentity("a1", Optional.of("PeerOfA1"), Optional.empty());
    Cursor all =
        Cursor.START.past(
            List.of(),
            List.of(),
            agentClient.comments(pull.number()).stream().map(Comment::id).toList());
    int highest = agentClient.currentClaim(task).orElseThrow().attempt();
    Claim deadRound =
        ((ClaimResult.Won)
                agentClient.claimRound(
                    task,
                    pull.number(),
                    highest,
                    dead,
                    "picked up\n\n"
                        + new RoundMarker(task, pull.number(), 1, RoundMarker.WORK, all).format()))
            .claim();

    watcher("a2", 5, Duration.ZERO, agent -> false).checkAll(); // a1 may still be working
    assertThat(logged).isEmpty();

    watcher("a2", 5, Duration.ZERO, agent -> agent.name().equals("a1")).checkAll();
    assertThat(commitsSince(before)).hasSize(1);
    assertThat(replies()).singleElement().satisfies(c -> assertThat(c.body()).contains("Done"));
    assertThat(agentClient.comments(pull.number()))
        .filteredOn(c -> c.body().contains(RoundMarker.done(pull.number(), 2)))
        .hasSize(1);
    assertThatThrownBy(() -> agentClient.check(deadRound))
        .isInstanceOf(TrackerException.Superseded.class);

    // the finished round is not done again, even by an agent that thinks everyone is gone
    watcher("a3", 5, Duration.ZERO, agent -> true).checkAll();
    assertThat(commitsSince(before)).hasSize(1);
    assertThat(logged).hasSize(1);
  }

  @Override
  ScriptExecutor executor() {
    return scriptExecutor();
  }
}
