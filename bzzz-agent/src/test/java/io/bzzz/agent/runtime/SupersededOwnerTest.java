package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.log.LogOptions;
import io.bzzz.log.SignedLog;
import io.bzzz.log.entry.AuditLog;
import io.bzzz.log.entry.EntryType;
import io.bzzz.log.entry.LogEntry;
import io.bzzz.testing.TripwireProxy;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An owner whose claim is taken over while one of its tracker calls is under way (a cut-off makes
 * such a call hang for as long as it lasts; chaos seeds 15 and 16). A proxy in front of the local
 * tracker sees the call, creates the next attempt's claim branch as a peer's take-over would, and
 * resets the connection; the owner's retry goes through. The owner must then neither run the task
 * nor record it as done. A real agent, a real local tracker, real git over HTTP.
 */
class SupersededOwnerTest {
  private static final String REPO = "fenced";

  @TempDir Path tmp;
  private LocalTracker tracker;
  private TripwireProxy proxy;

  @BeforeEach
  void start() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    proxy = new TripwireProxy(port).oneRequestPerConnection(); // API calls keep connections
    tracker =
        LocalTracker.start(
            LocalTrackerConfig.of(tmp.resolve("tracker"))
                .withListen("127.0.0.1", port)
                .withPublicUrl("http://127.0.0.1:" + proxy.port())); // clones pass the proxy too
    LocalRepo.create(tracker, REPO);
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    tracker.close();
  }

  /**
   * Seed 15, task 63: the owner cloned, then read the task's comments through a 40 s cut-off; its
   * peers took the task over and ran it; after the heal the owner ran the script as well.
   */
  @Test
  void anOwnerWhoseClaimIsTakenOverBeforeTheScriptStartsDoesNotRunIt() throws Exception {
    int n = addTask();
    proxy.arm("git-upload-pack", () -> takeOver(n)); // the clone, after the start gate's check

    runUntil(TaskBoard.Stage.SUPERSEDED, TaskBoard.Stage.HANDED_OVER);
    assertThat(runs()).as("the superseded owner did not run the script").doesNotExist();
    try (GiteaTracker admin = LocalRepo.client(tracker, REPO)) {
      assertThat(admin.openPullRequests()).isEmpty();
    }
    assertThat(entries(EntryType.TASK_COMPLETED)).isEmpty();
  }

  /**
   * Seed 16, task 84: the owner pushed, opened its pull request and commented; its label call hung
   * through a 41 s cut-off while a peer took the task over; after the heal the call went through,
   * and the old owner logged a second {@code task_completed}.
   */
  @Test
  void anOwnerWhoseClaimIsTakenOverDuringItsLastWriteDoesNotRecordTheTaskAsDone() throws Exception {
    int n = addTask();
    // the first pull request call (its connection reset, so it is tried again) arms the trap for
    // the next label call on the task: labelling it done, the delivery's last write
    proxy.arm(
        "POST /api/v1/repos/" + LocalTracker.ADMIN + "/" + REPO + "/pulls",
        () -> proxy.arm("/issues/" + n + "/labels", () -> takeOver(n)));

    runUntil(TaskBoard.Stage.SUPERSEDED, TaskBoard.Stage.COMPLETED);
    assertThat(Files.readAllLines(runs())).hasSize(1);
    try (GiteaTracker admin = LocalRepo.client(tracker, REPO)) {
      assertThat(admin.openPullRequests())
          .extracting(PullRequest::head)
          .containsExactly("bzzz/task-" + n); // opened while attempt 1 was the highest
    }
    assertThat(entries(EntryType.TASK_COMPLETED))
        .as("the superseded owner does not record the task as its own")
        .isEmpty();
    assertThat(entries(EntryType.TASK_PROGRESS))
        .anySatisfy(
            e -> assertThat(e.data().path("stage").asText()).isEqualTo(Deliveries.DROPPED_STAGE));
  }

  /** Runs the agent until the task reaches one of {@code ends}, then stops it. */
  private void runUntil(TaskBoard.Stage... ends) throws Exception {
    List<TaskBoard.Stage> wanted = List.of(ends);
    try (Agent agent = FastRetries.agent(config())) {
      agent.start(Optional.empty());
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> agent.view().tasks().stream().anyMatch(t -> wanted.contains(t.stage())));
      agent.shutdown(Duration.ofSeconds(5));
    }
  }

  /** What a peer's take-over leaves on the tracker: the next attempt's claim branch. */
  private void takeOver(int n) {
    try (GiteaTracker admin = LocalRepo.client(tracker, REPO)) {
      assertThat(admin.createRef("bzzz/task-" + n + "-a2")).isTrue();
    }
  }

  private int addTask() throws Exception {
    String script = "echo done > result.txt\necho run >> '" + runs() + "'\n";
    try (GiteaTracker admin = LocalRepo.client(tracker, REPO)) {
      return admin
          .createTask(
              new NewTask(
                  "Write a file", "```bzzz-script\n" + script + "```\n", List.of(BzzzLabels.TASK)))
          .number();
    }
  }

  /** The script's execution record (one task per test). */
  private Path runs() {
    return tmp.resolve("runs");
  }

  private AgentConfig config() throws Exception {
    return new LocalAgentFlags(
            tmp.resolve("agent"),
            "http://127.0.0.1:" + proxy.port(),
            tmp.resolve("tracker").resolve(LocalTracker.ADMIN_TOKEN_FILE),
            LocalTracker.ADMIN + "/" + REPO)
        .put("executor", "script")
        .put("max-tasks", "1")
        .load();
  }

  private List<LogEntry> entries(EntryType type) throws Exception {
    try (SignedLog log = SignedLog.open(tmp.resolve("agent").resolve("log"), LogOptions.DEFAULT)) {
      return new AuditLog(log, InstantSource.system())
          .entries(0).stream().filter(e -> e.type() == type).toList();
    }
  }
}
