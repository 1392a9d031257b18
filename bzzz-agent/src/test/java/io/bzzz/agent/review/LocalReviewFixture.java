package io.bzzz.agent.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.config.AgentConfig.GitIdentity;
import io.bzzz.agent.config.Credential;
import io.bzzz.agent.config.Secret;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.exec.ExecutionLimits;
import io.bzzz.agent.exec.Executor;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.exec.Sandbox;
import io.bzzz.agent.exec.ScriptExecutor;
import io.bzzz.agent.workspace.GitCredentials;
import io.bzzz.agent.workspace.Workspace;
import io.bzzz.agent.workspace.Workspaces;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.NewPullRequest;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.http.CallObserver;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real local tracker (SQLite, JGit over smart HTTP, its Gitea API) with a repository, a reviewer
 * with write access ({@code rita}), a reader ({@code rolf}), and a task whose work is already an
 * open pull request by agent {@code a1}; real clones and the subclass's executor do the rounds.
 */
abstract class LocalReviewFixture {

  @TempDir Path tmp;
  LocalTracker server;
  RepoRef repo;
  GiteaTracker agentClient;
  GiteaTracker reviewerClient;
  String reviewerToken;
  String readerToken;
  final List<AutoCloseable> open = new ArrayList<>();
  final List<Map<String, Object>> logged = new CopyOnWriteArrayList<>();
  int task;
  PullRequest pull;

  /** The executor the agents under test run. */
  abstract Executor executor();

  /** The tracker's and the watchers' clock. */
  InstantSource clock() {
    return InstantSource.system();
  }

  @BeforeEach
  void originalWorkIsAPullRequest() throws Exception {
    server = LocalTracker.start(LocalTrackerConfig.of(tmp.resolve("tracker")).withClock(clock()));
    open.add(server);
    try (var h = java.net.http.HttpClient.newHttpClient()) {
      var r =
          h.send(
              java.net.http.HttpRequest.newBuilder(
                      URI.create(server.baseUrl() + "/api/v1/user/repos"))
                  .header("Authorization", "token " + server.adminToken())
                  .header("Content-Type", "application/json")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"sample\",\"auto_init\":true}"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(201);
    }
    repo = new RepoRef(LocalTracker.ADMIN, "sample");
    LocalTracker.UserToken reviewer = server.createUser("rita");
    server.addCollaborator(LocalTracker.ADMIN, "sample", "rita");
    LocalTracker.UserToken reader = server.createUser("rolf"); // public repository: read only
    reviewerToken = reviewer.token();
    readerToken = reader.token();
    agentClient = client(server.adminToken());
    reviewerClient = client(reviewer.token());
    agentClient.ensureLabels();

    Task t = agentClient.createTask(new NewTask("Greet", "Say hello.", List.of(BzzzLabels.TASK)));
    task = t.number();
    Claim claim = ((ClaimResult.Won) agentClient.claim(task, AgentIdentity.named("a1"))).claim();
    try (Workspace ws =
        workspaces("orig").open(cloneUrl(), repo.toString(), task, claim.branch())) {
      Files.writeString(ws.dir().resolve("hello.txt"), "hello\n");
      ws.commitAll("#" + task + ": Greet");
      ws.push();
    }
    pull =
        agentClient.openPullRequest(
            new NewPullRequest(claim.branch(), "main", "#" + task + ": Greet", "Closes #" + task));
    agentClient.relabel(task, List.of(BzzzLabels.DONE), List.of(BzzzLabels.CLAIMED));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  /** A person's comment on the pull request, as a browser posts it (no hidden marker). */
  void say(String token, String body) throws Exception {
    say(token, pull.number(), body);
  }

  /** A person's comment on issue or pull request {@code number}. */
  void say(String token, int number, String body) throws Exception {
    try (var h = java.net.http.HttpClient.newHttpClient()) {
      String json =
          com.fasterxml.jackson.databind.json.JsonMapper.builder()
              .build()
              .writeValueAsString(Map.of("body", body));
      var r =
          h.send(
              java.net.http.HttpRequest.newBuilder(
                      URI.create(
                          server.baseUrl()
                              + "/api/v1/repos/admin/sample/issues/"
                              + number
                              + "/comments"))
                  .header("Authorization", "token " + token)
                  .header("Content-Type", "application/json")
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(201);
    }
  }

  ReviewWatcher watcher(String name, int maxRounds, Duration grace) {
    return watcher(name, maxRounds, grace, agent -> false);
  }

  ReviewWatcher watcher(String name, int maxRounds, Duration grace, Predicate<AgentIdentity> gone) {
    return watcher(name, maxRounds, grace, gone, agentClient);
  }

  ReviewWatcher watcher(
      String name,
      int maxRounds,
      Duration grace,
      Predicate<AgentIdentity> gone,
      GiteaTracker client) {
    return watcher(name, maxRounds, grace, gone, client, labels -> true);
  }

  ReviewWatcher watcher(
      String name,
      int maxRounds,
      Duration grace,
      Predicate<AgentIdentity> gone,
      GiteaTracker client,
      Predicate<List<String>> capable) {
    ReviewSettings settings =
        new ReviewSettings(
            "@bzzz",
            maxRounds,
            grace,
            Duration.ofSeconds(1),
            Set.of(LocalTracker.ADMIN),
            Set.of("rita"),
            executor().name().equals("script"));
    return new ReviewWatcher(
        List.of(new WatchedRepo(repo.toString(), "gitea", client, client)),
        settings,
        AgentIdentity.named(name),
        executor(),
        workspaces(name),
        (TaskRef ref, Map<String, ?> f) -> logged.add(new java.util.HashMap<String, Object>(f)),
        tmp.resolve("agent-" + name),
        gone,
        capable,
        clock());
  }

  Workspaces workspaces(String name) {
    return new Workspaces(
        tmp.resolve("agent-" + name),
        new GitIdentity("bzzz " + name, name + "@agents.bzzz.invalid"),
        Optional.of(
            GitCredentials.gitea(
                LocalTracker.ADMIN, Credential.fixed(new Secret(server.adminToken(), "test")))));
  }

  GiteaTracker client(String token) {
    return client(token, CallObserver.NONE);
  }

  /** A client whose every HTTP exchange is told to {@code calls}. */
  GiteaTracker client(String token, CallObserver calls) {
    return add(
        GiteaTracker.connect(
            TrackerEndpoint.of(
                    URI.create(server.baseUrl()),
                    repo,
                    Optional.of(Token.of(token)),
                    HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO).withMaxAttempts(3))
                .withCalls(calls)));
  }

  <T extends AutoCloseable> T add(T c) {
    open.add(c);
    return c;
  }

  String cloneUrl() {
    return agentClient.repoInfo().cloneUrl();
  }

  /** The agents' answers on the pull request (quotes of a request). */
  List<Comment> replies() {
    return agentClient.comments(pull.number()).stream()
        .filter(c -> c.author().equals(LocalTracker.ADMIN) && c.body().startsWith("> @"))
        .toList();
  }

  String head() {
    return agentClient.pullStatus(pull.number()).headSha();
  }

  BareRepo bare() {
    return new BareRepo(tmp.resolve("tracker/repos/admin/sample.git"));
  }

  List<String> commitsSince(String base) throws Exception {
    return bare().commitsSince(pull.head(), base);
  }

  String fileOnHead(String path) throws Exception {
    return bare().file(pull.head(), path);
  }

  /** The script executor the script-based tests run, trusting the reviewer. */
  ScriptExecutor scriptExecutor() {
    return new ScriptExecutor(
        new ProcessRunner(),
        Set.of("rita"),
        tmp.resolve("scratch"),
        ExecutionLimits.DEFAULT,
        Sandbox.host());
  }
}
