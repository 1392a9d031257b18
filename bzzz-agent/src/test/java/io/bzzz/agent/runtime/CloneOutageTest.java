package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.testing.TripwireProxy;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local tracker, which is also the git server, is stopped the moment the agent starts to clone
 * a task it has just claimed (a proxy in front of it sees the clone's first request, stops the
 * tracker and resets the connection), and stays away through every clone try. The task did nothing
 * wrong: it must not end failed. The agent hands the claim back and, once the tracker is started
 * again on the same port and data directory, takes it over as attempt 2 and completes it. A real
 * agent, a real local tracker, real git over HTTP.
 */
class CloneOutageTest {
  private static final String REPO = "clones";

  @TempDir Path tmp;

  @Test
  void aTrackerKilledDuringTheCloneHandsTheClaimBackAndTheTaskIsDoneLater() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    AtomicReference<LocalTracker> tracker = new AtomicReference<>();
    try (TripwireProxy proxy = new TripwireProxy(port)) {
      LocalTrackerConfig trackerConfig =
          LocalTrackerConfig.of(tmp.resolve("tracker"))
              .withListen("127.0.0.1", port)
              .withPublicUrl("http://127.0.0.1:" + proxy.port()); // clone URLs lead to the proxy
      tracker.set(LocalTracker.start(trackerConfig));
      createRepo(tracker.get());
      int number;
      try (GiteaTracker admin = client(tracker.get())) {
        number =
            admin
                .createTask(
                    new NewTask(
                        "Write a file",
                        "```bzzz-script\nprintf 'done\\n' > done.txt\n```\n",
                        List.of(BzzzLabels.TASK)))
                .number();
      }
      // the clone's first request (git's ref advertisement) kills the tracker
      proxy.arm("git-upload-pack", () -> tracker.getAndSet(null).close());

      try (Agent agent = FastRetries.agent(config(proxy.port()))) {
        agent.start(Optional.empty());
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    stage(agent, 1).map(e -> e.stage() == TaskBoard.Stage.RELEASED).orElse(false));
        assertThat(stage(agent, 1).orElseThrow().detail())
            .startsWith("handed back: the tracker or git remote is unreachable");
        assertThat(tracker.get()).isNull(); // still down: every try of the attempt failed

        // the tracker comes back: the agent takes the task over again and completes it
        tracker.set(LocalTracker.start(trackerConfig));
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    stage(agent, 2).map(e -> e.stage() == TaskBoard.Stage.COMPLETED).orElse(false));
        agent.shutdown(Duration.ofSeconds(5));
      }
      try (GiteaTracker admin = client(tracker.get())) {
        Task task = admin.task(number);
        assertThat(task.labels()).contains(BzzzLabels.DONE).doesNotContain(BzzzLabels.FAILED);
        assertThat(admin.currentClaim(number).orElseThrow().attempt()).isEqualTo(2);
        assertThat(admin.comments(number))
            .extracting(Comment::body)
            .noneMatch(b -> b.toLowerCase(java.util.Locale.ROOT).contains("fail"));
      }
    } finally {
      LocalTracker t = tracker.getAndSet(null);
      if (t != null) {
        t.close();
      }
    }
  }

  /**
   * The other side of the rule: a task that fails by itself (its script exits 3) while the tracker
   * is down is still the task's failure. The report cannot be written then; it waits on disk and
   * reaches the tracker (comment and {@code bzzz-failed}, once) when it is back.
   */
  @Test
  void aTaskThatFailsWhileTheTrackerIsDownIsReportedFailedWhenItReturns() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    LocalTrackerConfig trackerConfig =
        LocalTrackerConfig.of(tmp.resolve("tracker")).withListen("127.0.0.1", port);
    LocalTracker tracker = LocalTracker.start(trackerConfig);
    try {
      createRepo(tracker);
      int number;
      try (GiteaTracker admin = client(tracker)) {
        number =
            admin
                .createTask(
                    new NewTask(
                        "Fail by itself",
                        "```bzzz-script\nsleep 4\nexit 3\n```\n",
                        List.of(BzzzLabels.TASK)))
                .number();
      }
      try (Agent agent = FastRetries.agent(config(port))) {
        agent.start(Optional.empty());
        awaitStage(agent, TaskBoard.Stage.RUNNING);
        tracker.close(); // while the script runs
        tracker = null;
        awaitStage(agent, TaskBoard.Stage.DELIVERING); // the failure waits for the tracker
        tracker = LocalTracker.start(trackerConfig);
        awaitStage(agent, TaskBoard.Stage.FAILED);
        agent.shutdown(Duration.ofSeconds(5));
      }
      try (GiteaTracker admin = client(tracker)) {
        assertThat(admin.task(number).labels()).contains(BzzzLabels.FAILED);
        assertThat(admin.comments(number))
            .extracting(Comment::body)
            .filteredOn(b -> b.contains("exit"))
            .hasSize(1);
      }
    } finally {
      if (tracker != null) {
        tracker.close();
      }
    }
  }

  private static void awaitStage(Agent agent, TaskBoard.Stage stage) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> agent.view().tasks().stream().anyMatch(t -> t.stage() == stage));
  }

  /** The board's entry for the task at {@code attempt}, when it is there. */
  private static Optional<TaskBoard.Entry> stage(Agent agent, int attempt) {
    return agent.view().tasks().stream().filter(e -> e.attempt() == attempt).findFirst();
  }

  private AgentConfig config(int trackerPort) throws Exception {
    return LocalAgentFlags.asAdmin(tmp, "http://127.0.0.1:" + trackerPort, REPO, "agent")
        .put("executor", "script")
        .put("max-tasks", "1")
        .load();
  }

  private static GiteaTracker client(LocalTracker server) {
    return LocalRepo.client(server, REPO);
  }

  private static void createRepo(LocalTracker server) throws Exception {
    LocalRepo.create(server, REPO);
  }
}
