package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.AgentConfigLoader;
import io.bzzz.agent.coordination.MalformedMessageException;
import io.bzzz.agent.coordination.MessageCodec;
import io.bzzz.agent.coordination.MessageType;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.coordination.Topics;
import io.bzzz.log.LogOptions;
import io.bzzz.log.SignedLog;
import io.bzzz.log.entry.AuditLog;
import io.bzzz.log.entry.EntryType;
import io.bzzz.log.entry.LogEntry;
import io.bzzz.p2p.files.OwnerOnly;
import io.bzzz.p2p.node.P2pNode;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults around a task's result, with real parts: the local tracker on a real port (stopped and
 * started again on the same port and data directory to make an outage longer than the HTTP retry
 * budget, which {@link FastRetries} shortens to about a second), real git over smart HTTP, a real
 * in-process agent with the script executor. The script waits for a file the test creates, so the
 * test decides when the task finishes.
 */
class DeliveryFaultsTest {
  private static final String REPO = "demo";

  @TempDir Path tmp;
  private LocalTracker tracker;
  private int port;
  private final List<Agent> agents = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void startTracker() throws Exception {
    tracker = LocalTracker.start(LocalTrackerConfig.of(tmp.resolve("tracker")));
    port = URI.create(tracker.baseUrl()).getPort();
    send("POST", "/api/v1/user/repos", "{\"name\":\"" + REPO + "\",\"auto_init\":true}");
  }

  @AfterEach
  void stopAll() {
    agents.forEach(Agent::close);
    if (tracker != null) {
      tracker.close();
    }
    http.close();
  }

  @Test
  void aResultFinishedDuringAnOutageIsDeliveredWhenTheTrackerReturns() throws Exception {
    Agent agent = startAgent();
    int n = addWaitingTask("one");
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started(n)));

    stopTracker();
    Files.createFile(go(n));
    // the first try ran out of the HTTP retry budget: the result waits on disk
    awaitStage(agent, TaskBoard.Stage.DELIVERING);
    assertThat(queueFiles()).containsExactly("admin_demo-" + n + "-a1.json");

    restartTracker();
    await().atMost(Duration.ofSeconds(30)).until(() -> labels(n).contains(BzzzLabels.DONE));
    await().atMost(Duration.ofSeconds(10)).until(() -> queueFiles().isEmpty());
    assertThat(pullHeads()).containsExactly("bzzz/task-" + n);
    assertThat(resultComments(n)).hasSize(1);
    assertThat(Files.readAllLines(runs(n))).hasSize(1);
    assertThat(gitDirs()).isEmpty();
    closeAgents();
    assertThat(entries(EntryType.TASK_COMPLETED)).hasSize(1);
  }

  /**
   * Peers hold back a claim whose result waits (see {@code PeerTable#mayTakeOver}); a single
   * progress message can be lost, so every availability broadcast repeats the list until the result
   * is delivered.
   */
  @Test
  void everyAvailabilityBroadcastSaysWhichResultsWaitUntilTheyAreDelivered() throws Exception {
    Agent agent = startAgent();
    List<Payload.AvailabilityBroadcast> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (P2pNode listener = listenerOf(agent, heard)) {
      int n = addWaitingTask("said");
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started(n)));
      stopTracker();
      Files.createFile(go(n));
      awaitStage(agent, TaskBoard.Stage.DELIVERING);
      int seen = heard.size();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> laterWaiting(heard, seen).filter(w -> w.contains((long) n)).isPresent());

      restartTracker();
      await().atMost(Duration.ofSeconds(30)).until(() -> labels(n).contains(BzzzLabels.DONE));
      int after = heard.size();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> laterWaiting(heard, after).filter(List::isEmpty).isPresent());
      assertThat(listener.pubsub()).isPresent();
    }
  }

  /** The task numbers listed by the newest broadcast heard after the first {@code skip}. */
  private static Optional<List<Long>> laterWaiting(
      List<Payload.AvailabilityBroadcast> heard, int skip) {
    if (heard.size() <= skip) {
      return Optional.empty();
    }
    return heard.getLast().resultsWaiting().map(l -> l.stream().map(TaskRef::number).toList());
  }

  private static P2pNode listenerOf(Agent agent, List<Payload.AvailabilityBroadcast> heard)
      throws Exception {
    P2pNode node = BarePeer.joining(agent);
    MessageCodec codec = new MessageCodec();
    node.pubsub()
        .orElseThrow()
        .subscribe(
            Topics.Profile.BZZZ.topics().topicFor(MessageType.AVAILABILITY_BROADCAST),
            m -> {
              try {
                if (codec.decode(m.data()).data() instanceof Payload.AvailabilityBroadcast a
                    && a.nodeId().equals(agent.peerId())) {
                  heard.add(a);
                }
              } catch (MalformedMessageException e) {
                throw new AssertionError("the agent sent a malformed message", e);
              }
            });
    return node;
  }

  @Test
  void aPendingDeliveryIsResumedByTheRestartedAgentExactlyOnce() throws Exception {
    Agent first = startAgent();
    int n = addWaitingTask("two");
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started(n)));
    stopTracker();
    Files.createFile(go(n));
    awaitStage(first, TaskBoard.Stage.DELIVERING);
    closeAgents(); // stopped while the tracker is away: the result is only on disk now

    restartTracker();
    startAgent();
    await().atMost(Duration.ofSeconds(60)).until(() -> labels(n).contains(BzzzLabels.DONE));
    await().atMost(Duration.ofSeconds(10)).until(() -> queueFiles().isEmpty());
    assertThat(pullHeads()).containsExactly("bzzz/task-" + n);
    assertThat(resultComments(n)).hasSize(1);
    assertThat(Files.readAllLines(runs(n))).as("the script ran once").hasSize(1);
    assertThat(gitDirs()).isEmpty();
    closeAgents();
    assertThat(entries(EntryType.TASK_COMPLETED)).hasSize(1);
    assertThat(entries(EntryType.TASK_CLAIMED)).hasSize(1); // resumed, not redone
  }

  @Test
  void aResultWhoseClaimWasTakenOverDuringTheOutageIsDroppedNotPushed() throws Exception {
    Agent agent = startAgent();
    int n = addWaitingTask("three");
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started(n)));
    stopTracker();
    Files.createFile(go(n));
    awaitStage(agent, TaskBoard.Stage.DELIVERING);
    // meanwhile another agent took the task over: attempt 2 exists on the tracker
    ObjectId mainHead = branchHead("main");
    createBranch("bzzz/task-" + n + "-a2", mainHead);

    restartTracker();
    awaitStage(agent, TaskBoard.Stage.SUPERSEDED);
    await().atMost(Duration.ofSeconds(10)).until(() -> queueFiles().isEmpty());
    assertThat(branchHead("bzzz/task-" + n)).as("nothing pushed").isEqualTo(mainHead);
    assertThat(pullHeads()).isEmpty();
    assertThat(resultComments(n)).isEmpty();
    assertThat(gitDirs()).isEmpty();
    closeAgents();
    assertThat(entries(EntryType.TASK_COMPLETED)).isEmpty();
    assertThat(entries(EntryType.TASK_PROGRESS))
        .anySatisfy(e -> assertThat(e.data().path("stage").asText()).isEqualTo("delivery_dropped"));
  }

  @Test
  void aPendingDeliveryWhoseClaimWasTakenOverWhileTheAgentWasDownIsDroppedAfterItsRestart()
      throws Exception {
    // an owner killed during an outage and restarted after another agent took its claim over
    Agent first = startAgent();
    int n = addWaitingTask("seven");
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started(n)));
    stopTracker();
    Files.createFile(go(n));
    awaitStage(first, TaskBoard.Stage.DELIVERING);
    closeAgents(); // the result is only on disk now
    ObjectId mainHead = branchHead("main");
    createBranch("bzzz/task-" + n + "-a2", mainHead);

    restartTracker();
    Agent restarted = startAgent();
    awaitStage(restarted, TaskBoard.Stage.SUPERSEDED);
    await().atMost(Duration.ofSeconds(10)).until(() -> queueFiles().isEmpty());
    assertThat(branchHead("bzzz/task-" + n)).as("nothing pushed").isEqualTo(mainHead);
    assertThat(pullHeads()).isEmpty();
    assertThat(resultComments(n)).isEmpty();
    assertThat(Files.readAllLines(runs(n))).as("not run again by the restarted owner").hasSize(1);
    closeAgents();
    assertThat(entries(EntryType.TASK_COMPLETED)).isEmpty();
    assertThat(entries(EntryType.TASK_PROGRESS))
        .anySatisfy(e -> assertThat(e.data().path("stage").asText()).isEqualTo("delivery_dropped"));
  }

  @Test
  void aClaimLeftUnfinishedByAStoppedRunIsRedoneOnceAfterRestart() throws Exception {
    startAgent();
    int n = addWaitingTask("four");
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started(n)));
    agents.getFirst().shutdown(Duration.ZERO); // the run ends mid-task; the claim stays
    closeAgents();
    assertThat(labels(n)).contains(BzzzLabels.CLAIMED);
    Files.createFile(go(n));

    startAgent();
    await().atMost(Duration.ofSeconds(60)).until(() -> labels(n).contains(BzzzLabels.DONE));
    assertThat(pullHeads()).containsExactly("bzzz/task-" + n + "-a2");
    assertThat(resultComments(n)).hasSize(1);
    assertThat(Files.readAllLines(runs(n))).as("completed once").hasSize(1);
    closeAgents();
    assertThat(entries(EntryType.TASK_COMPLETED))
        .singleElement()
        .satisfies(e -> assertThat(e.data().path("attempt").asInt()).isEqualTo(2));
  }

  @Test
  void anAgentStartedWhileTheTrackerIsAwayStartsAndWorksWhenItReturns() throws Exception {
    int n = addWaitingTask("six");
    Files.createFile(go(n));
    String token = tracker.adminToken();
    stopTracker();

    startAgent(token); // must not fail on the labels or the token's login

    restartTracker();
    await().atMost(Duration.ofSeconds(60)).until(() -> labels(n).contains(BzzzLabels.DONE));
    assertThat(pullHeads()).containsExactly("bzzz/task-" + n);
    assertThat(Files.readAllLines(runs(n))).hasSize(1);
  }

  @Test
  void aDamagedQueueFileIsSetAsideAndTheAgentWorksOn() throws Exception {
    Path queue = OwnerOnly.createDirectories(tmp.resolve("agent").resolve("deliveries"));
    Files.writeString(queue.resolve("admin_demo-9-a1.json"), "{\"version\":1,\"number\":9,");
    startAgent();
    int n = addWaitingTask("five");
    Files.createFile(go(n));
    await().atMost(Duration.ofSeconds(60)).until(() -> labels(n).contains(BzzzLabels.DONE));
    assertThat(queue.resolve("damaged").resolve("admin_demo-9-a1.json")).exists();
    await().atMost(Duration.ofSeconds(10)).until(() -> queueFiles().isEmpty());
  }

  // --- the agent

  private Agent startAgent() throws Exception {
    return startAgent(tracker.adminToken());
  }

  private Agent startAgent(String token) throws Exception {
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, token);
    Files.setPosixFilePermissions(tokenFile, OwnerOnly.FILE);
    Map<String, List<String>> flags = new LinkedHashMap<>();
    flags.put("name", List.of("a1"));
    flags.put("data-dir", List.of(tmp.resolve("agent").toString()));
    flags.put("tracker", List.of("gitea"));
    flags.put("tracker-url", List.of("http://127.0.0.1:" + port));
    flags.put("token-file", List.of(tokenFile.toString()));
    flags.put("repo", List.of("admin/" + REPO));
    flags.put("trusted-author", List.of(LocalTracker.ADMIN));
    flags.put("listen", List.of("/ip4/127.0.0.1/tcp/0"));
    flags.put("no-mdns", List.of("true"));
    flags.put("poll-interval", List.of("1s"));
    flags.put("availability-interval", List.of("1s"));
    flags.put("replicate-logs", List.of("false"));
    flags.put("run-alone", List.of("true"));
    AgentConfig config = AgentConfigLoader.load(Optional.empty(), Map.of(), flags);
    Agent agent = FastRetries.agent(config);
    agents.add(agent);
    agent.start(Optional.empty());
    return agent;
  }

  private void closeAgents() {
    agents.forEach(Agent::close);
    agents.clear();
  }

  private static void awaitStage(Agent agent, TaskBoard.Stage stage) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> agent.view().tasks().stream().anyMatch(t -> t.stage() == stage));
  }

  private List<LogEntry> entries(EntryType type) throws Exception {
    try (SignedLog log = SignedLog.open(tmp.resolve("agent").resolve("log"), LogOptions.DEFAULT)) {
      return new AuditLog(log, InstantSource.system())
          .entries(0).stream().filter(e -> e.type() == type).toList();
    }
  }

  private List<String> queueFiles() throws Exception {
    return fileNames(tmp.resolve("agent").resolve("deliveries"));
  }

  private List<String> gitDirs() throws Exception {
    return fileNames(tmp.resolve("agent").resolve("git"));
  }

  private static List<String> fileNames(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    }
  }

  // --- the task and its side effects

  private Path started(int n) {
    return tmp.resolve("started-" + n);
  }

  private Path go(int n) {
    return tmp.resolve("go-" + n);
  }

  private Path runs(int n) {
    return tmp.resolve("runs-" + n);
  }

  /** A script task that says it started, waits for the test's go, then writes its result. */
  private int addWaitingTask(String title) throws Exception {
    try (GiteaTracker client = client()) {
      Task t = client.createTask(new NewTask(title, "placeholder", List.of()));
      int n = t.number();
      String script =
          "touch '"
              + started(n)
              + "'\nwhile [ ! -f '"
              + go(n)
              + "' ]; do sleep 0.1; done\necho done > result.txt\necho run >> '"
              + runs(n)
              + "'\n";
      send(
          "PATCH",
          "/api/v1/repos/admin/" + REPO + "/issues/" + n,
          json.writeValueAsString(Map.of("body", "```bzzz-script\n" + script + "```\n")));
      client.relabel(n, List.of(BzzzLabels.TASK), List.of());
      return n;
    }
  }

  // --- the tracker

  private void stopTracker() {
    tracker.close();
    tracker = null;
  }

  private void restartTracker() throws Exception {
    tracker =
        LocalTracker.start(
            LocalTrackerConfig.of(tmp.resolve("tracker")).withListen("127.0.0.1", port));
  }

  private GiteaTracker client() {
    return GiteaTracker.connect(
        TrackerEndpoint.of(
            URI.create(tracker.baseUrl()),
            RepoRef.parse("admin/" + REPO),
            Optional.of(Token.of(tracker.adminToken()))));
  }

  private List<String> labels(int n) {
    try (GiteaTracker client = client()) {
      return client.task(n).labels();
    }
  }

  /** Comments carrying the hidden result marker of any attempt. */
  private List<Comment> resultComments(int n) {
    try (GiteaTracker client = client()) {
      return client.comments(n).stream()
          .filter(c -> c.body().contains("<!-- bzzz-result task=" + n + " "))
          .toList();
    }
  }

  private List<String> pullHeads() throws Exception {
    JsonNode pulls =
        json.readTree(send("GET", "/api/v1/repos/admin/" + REPO + "/pulls?state=all", null));
    List<String> heads = new ArrayList<>();
    pulls.forEach(p -> heads.add(p.path("head").path("ref").asText()));
    return heads;
  }

  private Repository bare() throws Exception {
    return new FileRepositoryBuilder()
        .setGitDir(
            tmp.resolve("tracker")
                .resolve("repos")
                .resolve("admin")
                .resolve(REPO + ".git")
                .toFile())
        .build();
  }

  private ObjectId branchHead(String branch) throws Exception {
    try (Repository repo = bare()) {
      return repo.resolve("refs/heads/" + branch);
    }
  }

  /** What a competing claim leaves on the tracker: the next attempt's branch. */
  private void createBranch(String branch, ObjectId at) throws Exception {
    try (Repository repo = bare()) {
      RefUpdate u = repo.updateRef("refs/heads/" + branch);
      u.setNewObjectId(at);
      assertThat(u.update()).isEqualTo(RefUpdate.Result.NEW);
    }
  }

  private String send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(tracker.baseUrl() + path))
            .header("Authorization", "token " + tracker.adminToken())
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
    return r.body();
  }
}
