package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.log.LogOptions;
import io.bzzz.log.SignedLog;
import io.bzzz.log.entry.AuditLog;
import io.bzzz.log.entry.EntryType;
import io.bzzz.log.entry.LogEntry;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import io.bzzz.tracker.result.JGitPush;
import io.bzzz.tracker.result.ResultWorkflow;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work stealing between two in-process agents on a real mesh, a real local tracker and real git.
 * Both report a CPU load of 0.95 (the test's load source; everything else is real): whichever
 * claims the task is overloaded, holds it unstarted and offers it. The other is made idle (0.05)
 * once the claim is on the tracker; it takes the task over as attempt 2 and does it: the script
 * runs exactly once, the pull request comes from the new attempt's branch. Then the old owner tries
 * to deliver attempt 1 anyway, through the result workflow and by a raw git push that skips every
 * check: both are refused and nothing of it reaches the tracker.
 */
class WorkStealingTest {
  private static final String REPO = "steal";

  @TempDir Path tmp;

  @Test
  void anOverloadedAgentsUnstartedTaskIsTakenOverAndTheOldOwnerCannotPushIt() throws Exception {
    Path runs = tmp.resolve("runs.txt");
    AtomicReference<Double> loadA = new AtomicReference<>(0.95);
    AtomicReference<Double> loadB = new AtomicReference<>(0.95);
    String nameOld;
    String nameNew;
    String peerOld;
    try (LocalTracker server =
        LocalTracker.start(
            LocalTrackerConfig.of(tmp.resolve("tracker")).withListen("127.0.0.1", 0))) {
      LocalRepo.create(server, REPO);
      try (GiteaTracker admin = LocalRepo.client(server, REPO);
          Agent a = agent(server, "a", Optional.empty(), loadA)) {
        a.start(Optional.empty());
        try (Agent b = agent(server, "b", Optional.of(a.multiaddrs().getFirst()), loadB)) {
          b.start(Optional.empty());
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () ->
                      knows(a, b)
                          && knows(b, a)
                          && gauge(a, "bzzz_steal_overloaded") == 1
                          && gauge(b, "bzzz_steal_overloaded") == 1);

          admin.createTask(
              new NewTask(
                  "Stolen work",
                  "```bzzz-script\nprintf 'ran\\n' >> '"
                      + runs
                      + "'\nprintf 'stolen\\n' > result.txt\n```\n",
                  List.of(BzzzLabels.TASK)));
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(100))
              .until(() -> admin.currentClaim(1).flatMap(Claim::owner).isPresent());
          Claim first = admin.currentClaim(1).orElseThrow();
          assertThat(first.attempt()).isEqualTo(1);
          nameOld = first.owner().orElseThrow().name();
          Agent old = nameOld.equals("a") ? a : b;
          Agent taker = old == a ? b : a;
          nameNew = taker == a ? "a" : "b";
          peerOld = old.peerId();
          // the owner holds it unstarted and offers it; the other agent becomes idle
          (taker == a ? loadA : loadB).set(0.05);

          await()
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofMillis(300))
              .until(() -> admin.task(1).hasLabel(BzzzLabels.DONE));

          Claim current = admin.currentClaim(1).orElseThrow();
          assertThat(current.attempt()).isEqualTo(2);
          assertThat(current.branch()).isEqualTo("bzzz/task-1-a2");
          assertThat(current.owner().map(AgentIdentity::name)).contains(nameNew);
          assertThat(Files.readAllLines(runs))
              .as("the script ran exactly once")
              .containsExactly("ran");
          assertThat(old.view().tasks())
              .anySatisfy(
                  e -> {
                    assertThat(e.attempt()).isEqualTo(1);
                    assertThat(e.stage()).isEqualTo(TaskBoard.Stage.HANDED_OVER);
                  })
              .noneSatisfy(e -> assertThat(e.stage()).isEqualTo(TaskBoard.Stage.RUNNING));
          assertThat(taker.view().tasks())
              .anySatisfy(
                  e -> {
                    assertThat(e.attempt()).isEqualTo(2);
                    assertThat(e.stage()).isEqualTo(TaskBoard.Stage.COMPLETED);
                  });
          assertThat(counter(old, "bzzz_steal_offers_sent")).isGreaterThanOrEqualTo(1);
          assertThat(counter(old, "bzzz_steal_given_away")).isEqualTo(1);
          assertThat(counter(old, "bzzz_steal_taken")).isZero();
          assertThat(counter(taker, "bzzz_steal_taken")).isEqualTo(1);
          assertThat(counter(taker, "bzzz_steal_offers_received")).isGreaterThanOrEqualTo(1);
          // the mesh's load is on /metrics without the auction too
          assertThat(gauge(old, "bzzz_mesh_load_variance")).isGreaterThanOrEqualTo(0);
          assertThat(gauge(old, "bzzz_utilisation")).isBetween(0.0, 1.0);

          oldOwnerTriesToDeliver(server, admin, nameOld, peerOld);
        }
      }
      List<JsonNode> pulls = pulls(server);
      assertThat(pulls).hasSize(1);
      assertThat(pulls.getFirst().path("head").path("ref").asText()).isEqualTo("bzzz/task-1-a2");
    }
    // the signed logs: the offer and the hand-over on the old owner's, the take-over on the new
    String oldDir = nameOld;
    assertThat(progress(oldDir, "offered")).isNotEmpty();
    assertThat(progress(oldDir, "given_away"))
        .singleElement()
        .satisfies(e -> assertThat(e.data().path("attempt").asInt()).isEqualTo(1));
    assertThat(progress(nameNew, "taken_over"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.data().path("from").asText()).isEqualTo(peerOld);
              assertThat(e.data().path("attempt").asInt()).isEqualTo(2);
            });
    assertThat(entries(oldDir, EntryType.TASK_COMPLETED)).isEmpty();
    assertThat(entries(nameNew, EntryType.TASK_COMPLETED)).hasSize(1);
  }

  /**
   * The attack: the superseded owner commits a result on its claim branch and delivers it, first
   * through the result workflow (the fence refuses before any push), then by pushing the commit
   * itself (the tracker refuses the update of a superseded claim branch). The branch stays where it
   * was and no pull request or result comment appears for attempt 1.
   */
  private void oldOwnerTriesToDeliver(
      LocalTracker server, GiteaTracker admin, String name, String peer) throws Exception {
    UsernamePasswordCredentialsProvider creds =
        new UsernamePasswordCredentialsProvider(LocalTracker.ADMIN, server.adminToken());
    Path work = tmp.resolve("old-owner");
    try (Git git =
        Git.cloneRepository()
            .setURI(server.baseUrl() + "/" + LocalTracker.ADMIN + "/" + REPO + ".git")
            .setDirectory(work.toFile())
            .setCloneAllBranches(true)
            .setCredentialsProvider(creds)
            .call()) {
      ObjectId before = git.getRepository().resolve("refs/remotes/origin/bzzz/task-1");
      git.checkout()
          .setName("bzzz/task-1")
          .setCreateBranch(true)
          .setStartPoint("origin/bzzz/task-1")
          .call();
      Files.writeString(work.resolve("result.txt"), "the old owner's result\n");
      git.add().addFilepattern("result.txt").call();
      git.commit()
          .setMessage("#1: late result")
          .setAuthor("old", "old@agents.bzzz.invalid")
          .setCommitter("old", "old@agents.bzzz.invalid")
          .call();

      Claim mine =
          new Claim(
              1,
              "bzzz/task-1",
              1,
              Optional.of(new AgentIdentity(name, Optional.of(peer), Optional.empty())));
      ResultWorkflow workflow =
          new ResultWorkflow(admin, new JGitPush(admin.login(), Token.of(server.adminToken())));
      assertThatThrownBy(
              () ->
                  workflow.succeed(
                      admin.task(1),
                      mine,
                      work.resolve(".git"),
                      mine.owner().orElseThrow(),
                      "late"))
          .isInstanceOf(TrackerException.Superseded.class);
      assertThatThrownBy(() -> workflow.fail(admin.task(1), mine, mine.owner().get(), "late"))
          .isInstanceOf(TrackerException.Superseded.class);

      Iterable<PushResult> pushed =
          git.push()
              .setRemote("origin")
              .setRefSpecs(new RefSpec("refs/heads/bzzz/task-1:refs/heads/bzzz/task-1"))
              .setCredentialsProvider(creds)
              .call();
      RemoteRefUpdate update = pushed.iterator().next().getRemoteUpdate("refs/heads/bzzz/task-1");
      assertThat(update.getStatus()).isEqualTo(RemoteRefUpdate.Status.REJECTED_OTHER_REASON);

      git.fetch().setCredentialsProvider(creds).call();
      assertThat(git.getRepository().resolve("refs/remotes/origin/bzzz/task-1")).isEqualTo(before);
      git.checkout()
          .setName("taken")
          .setCreateBranch(true)
          .setStartPoint("origin/bzzz/task-1-a2")
          .call();
      assertThat(Files.readString(work.resolve("result.txt"))).isEqualTo("stolen\n");
    }
    assertThat(admin.comments(1))
        .noneMatch(c -> c.body().contains("bzzz-result task=1 attempt=1"))
        .anyMatch(c -> c.body().contains("bzzz-result task=1 attempt=2"));
  }

  private Agent agent(
      LocalTracker server, String name, Optional<String> bootstrap, AtomicReference<Double> load)
      throws Exception {
    LocalAgentFlags flags =
        LocalAgentFlags.asAdmin(tmp, server.baseUrl(), REPO, name)
            .put("name", name)
            .put("executor", "script")
            .put("max-tasks", "2")
            .put("steal", "true")
            .put("steal-sustain", "1s")
            // generous for a loaded machine: the owner waits two windows per offer
            .put("steal-window", "3s");
    bootstrap.ifPresent(m -> flags.put("bootstrap", m).put("run-alone", "false"));
    AgentConfig config = flags.load();
    return AgentAssembly.assemble(
        config,
        "test",
        InstantSource.system(),
        DeliveryBackoff.DEFAULT,
        UnaryOperator.identity(),
        Optional.of(load::get));
  }

  private static boolean knows(Agent self, Agent other) {
    return self.view().peers().stream()
        .anyMatch(
            p ->
                p.peerId().equals(other.peerId())
                    && p.state() == PeerTable.State.LIVE
                    && p.capabilities().isPresent()
                    && p.availability().isPresent());
  }

  private static double gauge(Agent agent, String name) {
    List<? extends DataPointSnapshot> points =
        MetricSnapshotsRead.points(agent.view().metrics().latencies(), name);
    return points.isEmpty()
        ? -1
        : ((GaugeSnapshot.GaugeDataPointSnapshot) points.getFirst()).getValue();
  }

  private static double counter(Agent agent, String name) {
    List<? extends DataPointSnapshot> points =
        MetricSnapshotsRead.points(agent.view().metrics().latencies(), name);
    assertThat(points).as(name).isNotEmpty();
    return ((CounterSnapshot.CounterDataPointSnapshot) points.getFirst()).getValue();
  }

  private List<LogEntry> entries(String agent, EntryType type) throws Exception {
    try (SignedLog log = SignedLog.open(tmp.resolve(agent).resolve("log"), LogOptions.DEFAULT)) {
      return new AuditLog(log, InstantSource.system())
          .entries(0).stream().filter(e -> e.type() == type).toList();
    }
  }

  private List<LogEntry> progress(String agent, String stage) throws Exception {
    return entries(agent, EntryType.TASK_PROGRESS).stream()
        .filter(e -> e.data().path("stage").asText().equals(stage))
        .toList();
  }

  private static List<JsonNode> pulls(LocalTracker server) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          server.baseUrl()
                              + "/api/v1/repos/"
                              + LocalTracker.ADMIN
                              + "/"
                              + REPO
                              + "/pulls?state=all"))
                  .header("Authorization", "token " + server.adminToken())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      List<JsonNode> out = new java.util.ArrayList<>();
      new ObjectMapper().readTree(r.body()).forEach(out::add);
      return out;
    }
  }
}
