package io.bzzz.agent.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.config.AgentConfig.GitIdentity;
import io.bzzz.agent.config.Credential;
import io.bzzz.agent.config.Secret;
import io.bzzz.agent.exec.ExecutionLimits;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.exec.Sandbox;
import io.bzzz.agent.exec.ScriptExecutor;
import io.bzzz.agent.testing.GitHttpServer;
import io.bzzz.agent.workspace.GitCredentials;
import io.bzzz.agent.workspace.Workspace;
import io.bzzz.agent.workspace.Workspaces;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.NewPullRequest;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.fake.Connections;
import io.bzzz.tracker.fake.FakeGitHub;
import io.bzzz.tracker.fake.FakeGitea;
import io.bzzz.tracker.fake.FakeServer;
import io.bzzz.tracker.fake.ForgeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The review loop through the GitHub and the Gitea adapter, against the fakes that follow each
 * forge's documented review, reaction and merge endpoints, with the repository's git data on a real
 * smart-HTTP server, real clones and the real script executor. A pull request that agent {@code a1}
 * opened is reviewed by {@code rita} (write access, a trusted script author), {@code rolf} (read
 * access) and {@code wanda} (write access, not a trusted script author); reviewers act on the
 * forge's model as its web pages would.
 */
class ReviewLoopOnForgeFakesTest {
  private static final String TOKEN = "tok-5c2e9a41d7";
  private static final RepoRef REPO = new RepoRef("octo", "sample");
  private static final String SCRIPT = "```bzzz-script\necho reviewed > review.txt\n```\n";

  @TempDir Path tmp;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Map<String, Object>> logged = new CopyOnWriteArrayList<>();
  private TrackerKind kind;
  private ForgeModel model;
  private Path bare;
  private Tracker agentClient;
  private ForgeModel.Issue pull;

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  @ParameterizedTest
  @EnumSource(TrackerKind.class)
  void aReviewRequestingChangesGetsOneCommitAndOneReply(TrackerKind kind) throws Exception {
    originalWorkIsAPullRequest(kind);
    String before = head();
    model.addReview(pull, "rita", "CHANGES_REQUESTED", "Please add a note.\n\n" + SCRIPT);

    ReviewWatcher a1 = watcher("a1", 5, Duration.ZERO, Set.of("rita"));
    a1.checkAll();
    a1.checkAll(); // the same review again: already handled

    assertThat(commitsSince(before)).hasSize(1);
    assertThat(new BareRepo(bare).file(branch(), "review.txt")).isEqualTo("reviewed\n");
    assertThat(replies())
        .singleElement()
        .satisfies(c -> assertThat(c.body()).contains("Done").contains("pushed"));
    assertThat(agentClient.comments(pull.number))
        .as("the pickup is visible on the pull request")
        .filteredOn(c -> c.body().contains("picked up review round 1 (1 request(s))"))
        .hasSize(1);
    assertThat(logged)
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsEntry("stage", "review_round")
                    .containsEntry("outcome", "pushed"));
  }

  @ParameterizedTest
  @EnumSource(TrackerKind.class)
  void aMentionIsMarkedAsPickedUpAndTwoRacingAgentsAnswerItOnce(TrackerKind kind) throws Exception {
    originalWorkIsAPullRequest(kind);
    String before = head();
    ForgeModel.CommentRow ask = model.addComment(pull, "rita", "@bzzz add the note.\n\n" + SCRIPT);
    List<ReviewWatcher> racers =
        List.of(
            watcher("a1", 5, Duration.ZERO, Set.of("rita")),
            watcher("a2", 5, Duration.ZERO, Set.of("rita")));
    List<Throwable> errors = Race.pollAtOnce(racers);
    for (ReviewWatcher w : racers) {
      w.checkAll();
    }
    assertThat(errors).isEmpty();
    assertThat(commitsSince(before)).hasSize(1);
    assertThat(replies()).hasSize(1);
    assertThat(logged).hasSize(1);
    assertThat(model.reactions)
        .as("one eyes reaction by the agents' user on the request")
        .containsExactly(new ForgeModel.ReactionRow(ask.id(), "octocat", "eyes"));
  }

  @ParameterizedTest
  @EnumSource(TrackerKind.class)
  void readersAgentsAndUntrustedWritersAskInVain(TrackerKind kind) throws Exception {
    originalWorkIsAPullRequest(kind);
    String before = head();
    model.addComment(pull, "rolf", "@bzzz do it\n\n" + SCRIPT); // read access only
    agentClient.comment(pull.number, "@bzzz do it\n\n" + SCRIPT); // the agents' own user
    // write access, but the script executor runs only what a trusted author wrote
    model.addReview(pull, "wanda", "CHANGES_REQUESTED", "@bzzz do it\n\n" + SCRIPT);
    watcher("a1", 5, Duration.ZERO, Set.of("rita")).checkAll();
    assertThat(commitsSince(before)).isEmpty();
    assertThat(replies()).isEmpty();
    assertThat(logged).isEmpty();
    assertThat(model.reactions).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TrackerKind.class)
  void aScriptThatFailsIsAnsweredNotDoneAndPushesNothing(TrackerKind kind) throws Exception {
    originalWorkIsAPullRequest(kind);
    String before = head();
    model.addComment(
        pull, "rita", "@bzzz try this\n\n```bzzz-script\necho half > review.txt\nexit 3\n```\n");
    watcher("a1", 5, Duration.ZERO, Set.of("rita")).checkAll();
    assertThat(commitsSince(before)).as("a failed run's changes are not pushed").isEmpty();
    assertThat(replies())
        .singleElement()
        .satisfies(c -> assertThat(c.body()).contains("Not done").contains("exited with code 3"));
    assertThat(logged).singleElement().satisfies(f -> assertThat(f).containsKey("outcome"));
  }

  @ParameterizedTest
  @EnumSource(TrackerKind.class)
  void theRoundLimitAsksAHuman(TrackerKind kind) throws Exception {
    originalWorkIsAPullRequest(kind);
    String before = head();
    ReviewWatcher a1 = watcher("a1", 1, Duration.ZERO, Set.of("rita"));
    model.addComment(pull, "rita", "@bzzz first\n\n" + SCRIPT);
    a1.checkAll();
    model.addComment(
        pull, "rita", "@bzzz second\n\n```bzzz-script\necho again >> review.txt\n```\n");
    a1.checkAll();
    a1.checkAll();
    assertThat(commitsSince(before)).hasSize(1);
    assertThat(agentClient.task(1).labels()).contains(BzzzLabels.NEEDS_HUMAN);
    assertThat(agentClient.comments(pull.number))
        .filteredOn(c -> c.body().contains("kind=limit"))
        .hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(TrackerKind.class)
  void aMergedPullRequestEndsTheTask(TrackerKind kind) throws Exception {
    originalWorkIsAPullRequest(kind);
    ReviewWatcher a1 = watcher("a1", 5, Duration.ZERO, Set.of("rita"));
    a1.checkAll();
    model.update(
        () -> { // merged on the forge's page
          pull.merged = true;
          pull.state = "closed";
        });
    a1.checkAll();
    assertThat(model.issue(1).orElseThrow().state).isEqualTo("closed");
    assertThat(agentClient.task(1).labels()).contains(BzzzLabels.MERGED);
    model.addComment(pull, "rita", "@bzzz more\n\n" + SCRIPT);
    a1.check(watched(), pull.number);
    watcher("a2", 5, Duration.ZERO, Set.of("rita")).check(watched(), pull.number);
    assertThat(logged).isEmpty();
  }

  /**
   * Another agent waits out the grace period in real time before it takes a round of work it did
   * not do; the wait starts when it first sees the request, not when the request was made.
   */
  @ParameterizedTest
  @EnumSource(TrackerKind.class)
  void anotherAgentTakesTheRoundOnlyOnceTheGracePeriodHasPassed(TrackerKind kind) throws Exception {
    originalWorkIsAPullRequest(kind);
    Duration grace = Duration.ofSeconds(2);
    model.addComment(pull, "rita", "@bzzz note\n\n" + SCRIPT);
    ReviewWatcher a2 = watcher("a2", 5, grace, Set.of("rita"));
    Instant firstSeen = Instant.now();
    a2.checkAll();
    assertThat(logged).as("a1 did the work: it goes first").isEmpty();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              a2.check(watched(), pull.number);
              return !logged.isEmpty();
            });
    assertThat(Duration.between(firstSeen, Instant.now())).isGreaterThanOrEqualTo(grace);
    assertThat(agentClient.comments(pull.number))
        .filteredOn(c -> c.body().contains("Bzzz agent **a2** picked up review round 1"))
        .hasSize(1);
  }

  /**
   * The state the loop starts from, made through the adapter as agent {@code a1} made it: task 1
   * claimed, its work pushed to the claim branch over git, a pull request opened, the task done.
   */
  private void originalWorkIsAPullRequest(TrackerKind kind) throws Exception {
    this.kind = kind;
    model = new ForgeModel(REPO.owner(), REPO.name(), "octocat");
    ForgeModel.Issue issue = model.addIssue("Greet", "Say hello.", List.of(BzzzLabels.TASK));
    bare =
        GitHttpServer.bareRepository(
            tmp.resolve("origin.git"), tmp.resolve("seed"), "bzzz/task-" + issue.number);
    GitHttpServer git = add(GitHttpServer.serve(bare, REPO.owner(), REPO.name(), TOKEN));
    model.serveGitAt(git.url());
    FakeServer forge =
        add(
            switch (kind) {
              case GITHUB -> new FakeGitHub(model, TOKEN);
              case GITEA -> new FakeGitea(model, TOKEN);
            });
    model.permission("rita", "write");
    model.permission("wanda", "write");
    model.permission("rolf", "read");
    agentClient = add(kind.open(Connections.unpaced(forge.url(), REPO, TOKEN)));
    Claim claim =
        ((ClaimResult.Won) agentClient.claim(issue.number, AgentIdentity.named("a1"))).claim();
    try (Workspace ws =
        workspaces("orig").open(git.url(), REPO.toString(), issue.number, claim.branch())) {
      Files.writeString(ws.dir().resolve("hello.txt"), "hello\n");
      ws.commitAll("#" + issue.number + ": Greet");
      ws.push();
    }
    int number =
        agentClient
            .openPullRequest(
                new NewPullRequest(claim.branch(), "main", "#1: Greet", "Closes #" + issue.number))
            .number();
    pull = model.issue(number).orElseThrow();
    agentClient.relabel(issue.number, List.of(BzzzLabels.DONE), List.of(BzzzLabels.CLAIMED));
  }

  private ReviewWatcher watcher(String name, int maxRounds, Duration grace, Set<String> trusted) {
    ReviewSettings settings =
        new ReviewSettings(
            "@bzzz", maxRounds, grace, Duration.ofSeconds(1), Set.of("octocat"), trusted, true);
    ScriptExecutor scripts =
        new ScriptExecutor(
            new ProcessRunner(),
            trusted,
            tmp.resolve("scratch-" + name),
            ExecutionLimits.DEFAULT,
            Sandbox.host());
    return new ReviewWatcher(
        List.of(watched()),
        settings,
        AgentIdentity.named(name),
        scripts,
        workspaces(name),
        (ref, f) -> logged.add(new HashMap<String, Object>(f)),
        tmp.resolve("agent-" + name),
        agent -> false,
        labels -> true,
        InstantSource.system());
  }

  private WatchedRepo watched() {
    return WatchedRepo.of(
            REPO.toString(), kind.name().toLowerCase(java.util.Locale.ROOT), agentClient)
        .orElseThrow();
  }

  private Workspaces workspaces(String name) {
    Credential token = Credential.fixed(new Secret(TOKEN, "test"));
    return new Workspaces(
        tmp.resolve("agent-" + name),
        new GitIdentity("bzzz " + name, name + "@agents.bzzz.invalid"),
        Optional.of(
            switch (kind) {
              case GITHUB -> GitCredentials.github(token);
              case GITEA -> GitCredentials.gitea("octocat", token);
            }));
  }

  private <T extends AutoCloseable> T add(T c) {
    open.add(c);
    return c;
  }

  private String branch() {
    return pull.pull.orElseThrow().head();
  }

  private String head() throws Exception {
    return new BareRepo(bare).head(branch());
  }

  private List<String> commitsSince(String base) throws Exception {
    return new BareRepo(bare).commitsSince(branch(), base);
  }

  /** The agents' answers on the pull request (quotes of a request). */
  private List<Comment> replies() {
    return agentClient.comments(pull.number).stream()
        .filter(c -> c.author().equals("octocat") && c.body().startsWith("> "))
        .toList();
  }
}
