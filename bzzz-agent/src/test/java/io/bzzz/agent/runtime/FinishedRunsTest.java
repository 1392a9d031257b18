package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.config.AgentConfig.GitIdentity;
import io.bzzz.agent.config.Credential;
import io.bzzz.agent.config.Secret;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.exec.ProcessOutcome;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.exec.ProcessSpec;
import io.bzzz.agent.workspace.GitCredentials;
import io.bzzz.agent.workspace.Workspace;
import io.bzzz.agent.workspace.Workspaces;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An agent killed after its executor finished but before the result was queued: the next start
 * commits the result left in the workspace and queues it, so the claim is delivered, not redone.
 */
class FinishedRunsTest {
  @TempDir Path tmp;

  @Test
  void aFinishedRunLeftByAKilledAgentIsCommittedAndQueuedAtTheNextStart() throws Exception {
    try (LocalTracker server = LocalTracker.start(LocalTrackerConfig.of(tmp.resolve("tracker")))) {
      LocalRepo.create(server, "runs");
      String cloneUrl;
      try (GiteaTracker admin = LocalRepo.client(server, "runs")) {
        cloneUrl = admin.repoInfo().cloneUrl();
        assertThat(admin.createRef("bzzz/task-7")).isTrue(); // the claim branch
      }
      Path data = tmp.resolve("agent");
      Workspaces workspaces = workspaces(data, server);
      TaskRef task = new TaskRef("gitea", "admin/runs", 7);
      AgentIdentity me = AgentIdentity.named("agent-x");

      // The run: the executor changed a file, the record was written, then the process died
      // (nothing closes the workspace).
      Workspace ws = workspaces.open(cloneUrl, "admin/runs", 7, "bzzz/task-7");
      Files.writeString(ws.dir().resolve("made.txt"), "made by the task\n");
      String name = ws.gitDir().getFileName().toString();
      DeliveryQueue.open(data, "executed")
          .put(
              new PendingDelivery(
                  task,
                  "Make a file",
                  "bzzz/task-7",
                  1,
                  me,
                  new PendingDelivery.Result.Succeeded(
                      name, Optional.empty(), "made it", List.of()),
                  PendingDelivery.Steps.NONE,
                  Instant.parse("2026-12-02T19:00:00Z")));

      // The next start.
      DeliveryQueue queue = DeliveryQueue.open(data);
      FinishedRuns.open(data).recover(queue, workspaces(data, server));

      List<PendingDelivery> queued = queue.load();
      assertThat(queued).hasSize(1);
      PendingDelivery d = queued.getFirst();
      assertThat(d.task()).isEqualTo(task);
      assertThat(d.attempt()).isEqualTo(1);
      PendingDelivery.Result.Succeeded result = (PendingDelivery.Result.Succeeded) d.result();
      assertThat(result.files()).containsExactly("made.txt");
      assertThat(result.commit()).isPresent();
      try (Git git = Git.open(workspaces.gitDir(name).toFile())) {
        RevCommit head = git.log().setMaxCount(1).call().iterator().next();
        assertThat(head.getName()).isEqualTo(result.commit().get());
        assertThat(head.getFullMessage())
            .startsWith("#7: Make a file\n\nmade it")
            .contains("Bzzz-Attempt: 1")
            .contains("Bzzz-Agent: agent-x");
      }
      assertThat(DeliveryQueue.open(data, "executed").load()).as("the record is used up").isEmpty();
      assertThat(ws.dir()).as("the work tree is removed, its git directory kept").doesNotExist();
    }
  }

  @Test
  void aRecordWhoseResultIsAlreadyQueuedIsDroppedAndAMissingWorkspaceIsNotFatal() throws Exception {
    Path data = tmp.resolve("agent");
    TaskRef task = new TaskRef("gitea", "admin/runs", 8);
    PendingDelivery mark =
        new PendingDelivery(
            task,
            "Gone",
            "bzzz/task-8-a2",
            2,
            AgentIdentity.named("agent-x"),
            new PendingDelivery.Result.Succeeded(
                "admin_runs-8-1-1", Optional.empty(), "", List.of()),
            PendingDelivery.Steps.NONE,
            Instant.parse("2026-12-02T19:00:00Z"));
    DeliveryQueue.open(data, "executed").put(mark);
    DeliveryQueue queue = DeliveryQueue.open(data);

    FinishedRuns.open(data)
        .recover(
            queue, new Workspaces(data, new GitIdentity("x", "x@bzzz.invalid"), Optional.empty()));

    assertThat(queue.load()).as("nothing to deliver: the task will run again").isEmpty();
    assertThat(DeliveryQueue.open(data, "executed").load()).isEmpty();
  }

  /**
   * The window the executed record cannot close: the agent dies after the task's program ended but
   * before the executor returned. The supervisor wrote the exit code; 0 means the work is done and
   * is delivered, anything else (or no code: the program was killed with the agent) is not.
   */
  @ParameterizedTest
  @CsvSource({"0, true", "3, false", "none, false"})
  void aStartedRunIsDeliveredOnlyWhenItsProgramEndedWithCodeZero(String code, boolean delivered)
      throws Exception {
    try (LocalTracker server = LocalTracker.start(LocalTrackerConfig.of(tmp.resolve("tracker")))) {
      LocalRepo.create(server, "runs");
      Task task;
      String cloneUrl;
      try (GiteaTracker admin = LocalRepo.client(server, "runs")) {
        cloneUrl = admin.repoInfo().cloneUrl();
        task = admin.createTask(new NewTask("Make a file", "made by a script", List.of()));
        assertThat(admin.createRef("bzzz/task-" + task.number())).isTrue();
      }
      Path data = tmp.resolve("agent");
      Workspaces workspaces = workspaces(data, server);
      TaskRef ref = new TaskRef("gitea", "admin/runs", task.number());
      Claim claim = new Claim(task.number(), "bzzz/task-" + task.number(), 1, Optional.empty());
      HeldTask held = new HeldTask(null, task, claim, ref);
      AgentIdentity me = AgentIdentity.named("agent-x");
      Workspace ws = workspaces.open(cloneUrl, "admin/runs", task.number(), claim.branch());

      Path exit = FinishedRuns.open(data).started(held, ws, me, Instant.now());
      String script =
          switch (code) {
            // the whole group dies, supervisor included, as when the agent's death kills it
            case "none" -> "echo half > made.txt; kill -KILL 0";
            default -> "echo made > made.txt; exit " + code;
          };
      ProcessOutcome run =
          new ProcessRunner()
              .run(
                  ProcessSpec.of(List.of("sh", "-c", script), ws.dir())
                      .withExitStatusFile(Optional.of(exit)));
      assertThat(run.exitCode() == 0).isEqualTo(code.equals("0"));
      assertThat(exit.toFile().exists()).isEqualTo(!code.equals("none"));
      // The agent dies here: neither mark nor ended runs.

      DeliveryQueue queue = DeliveryQueue.open(data);
      FinishedRuns.open(data).recover(queue, workspaces(data, server));

      if (delivered) {
        PendingDelivery d = queue.load().getFirst();
        PendingDelivery.Result.Succeeded result = (PendingDelivery.Result.Succeeded) d.result();
        assertThat(result.files()).containsExactly("made.txt");
        assertThat(result.summary()).isEqualTo(FinishedRuns.ENDED_UNSEEN);
        assertThat(d.attempt()).isEqualTo(1);
      } else {
        assertThat(queue.load()).as("left to restart reconciliation: run again").isEmpty();
      }
      assertThat(DeliveryQueue.open(data, "started").load()).as("the record is used up").isEmpty();
      assertThat(exit).doesNotExist();
    }
  }

  private static Workspaces workspaces(Path data, LocalTracker server) {
    return new Workspaces(
        data,
        new GitIdentity("bzzz agent-x", "agent-x@agents.bzzz.invalid"),
        Optional.of(
            GitCredentials.gitea(
                LocalTracker.ADMIN, Credential.fixed(new Secret(server.adminToken(), "test")))));
  }
}
