package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.council.CouncilLedger;
import io.bzzz.agent.council.CouncilState;
import io.bzzz.agent.council.PlanFiler;
import io.bzzz.agent.council.RoleRef;
import io.bzzz.agent.council.Seat;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Councils with real agent processes and the real local tracker, 1 s intervals: a brief forms a
 * council, its plan is filed and done in dependency order, the brief is closed and the seat refs
 * deleted; a role two agents race for has one holder; a deadline failure names the missing role and
 * a newcomer who can hold it starts a new attempt; a member killed with SIGKILL loses its seat to a
 * capable agent once the mesh confirms it gone, and so does a convener killed while forming.
 */
class CouncilAgentsTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void aBriefFormsACouncilThatDeliversItsPlanInDependencyOrder() throws Exception {
    Path trace = dir.resolve("trace.txt");
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      Task brief =
          mesh.client.createTask(
              new NewTask("Ship the widget", briefBody(trace), List.of("chorus-entrypoint")));
      AgentMesh.Member architect = mesh.start("architect-agent", "--capability", "architect");
      // a monitor (no tracker, no seat) watches the councils topic from before the council forms
      ChildProcess monitor =
          BzzzCli.start(
              "monitor",
              "--data-dir",
              dir.resolve("monitor").toString(),
              "--listen",
              "/ip4/127.0.0.1/tcp/0",
              "--no-mdns",
              "--bootstrap",
              architect.multiaddr(),
              "--http",
              "127.0.0.1:0");
      String monitorApi;
      try {
        monitorApi =
            await()
                .atMost(Duration.ofMinutes(1))
                .until(() -> PlanDiscussionMeshTest.apiLine(monitor), Optional::isPresent)
                .orElseThrow();
        mesh.start("coder-agent", "--capability", "coder");
        mesh.start("tester-agent", "--capability", "tester");
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> mesh.client.task(brief.number()).state() == TaskState.CLOSED);
        // the monitor's read-only council view, from the council messages alone
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(
                            AgentMesh.getJson(monitorApi + "/api/v1/councils/" + brief.number())
                                .toString())
                        .contains("architect-agent", "coder-agent", "tester-agent")
                        .containsIgnoringCase("\"state\":\"dissolved\""));
      } catch (RuntimeException | AssertionError e) {
        dump(mesh);
        throw e;
      } finally {
        monitor.terminate();
        monitor.awaitExit(Duration.ofSeconds(60));
        monitor.close();
      }
      Map<String, Task> subtasks = PlanFiler.filed(mesh.client, brief.number());
      assertThat(subtasks).hasSize(5);
      for (Task t : subtasks.values()) {
        assertThat(t.labels())
            .contains(BzzzLabels.TASK, BzzzLabels.DONE, "council:" + brief.number());
      }
      assertThat(subtasks.get("design").labels()).contains("needs:architect");
      assertThat(subtasks.get("test-api").body())
          .contains("Depends on #" + subtasks.get("api").number());

      List<String> lines = Files.readAllLines(trace);
      assertThat(lines).hasSize(10);
      // level 2 starts only after the level 1 subtasks it depends on ended
      assertThat(lines.indexOf("start api")).isGreaterThan(lines.indexOf("end design"));
      assertThat(lines.indexOf("start ui")).isGreaterThan(lines.indexOf("end design"));
      assertThat(lines.indexOf("start test-api")).isGreaterThan(lines.indexOf("end api"));
      assertThat(lines.indexOf("start test-ui")).isGreaterThan(lines.indexOf("end ui"));

      List<Comment> comments = mesh.client.comments(brief.number());
      assertThat(comments).anyMatch(c -> c.body().contains("delivered**"));
      CouncilLedger.View ledger = CouncilLedger.read(mesh.client, brief.number());
      assertThat(ledger.state()).contains(CouncilState.DISSOLVED);
      assertThat(ledger.members().keySet())
          .containsExactlyInAnyOrder("architect", "coder", "tester");
      assertThat(ledger.members().get("architect").holder().name()).isEqualTo("architect-agent");
      // the status comment was edited in place: one, not one per change
      assertThat(comments.stream().filter(c -> c.body().contains("bzzz-council-status")).count())
          .isEqualTo(1);
      for (Seat s : ledger.seats().values()) {
        assertThat(mesh.client.refExists(new RoleRef(brief.number(), s.role(), 1).name()))
            .as("seat ref of %s deleted", s.role())
            .isFalse();
      }
    }
  }

  @Test
  void aRaceHasOneWinnerAndAMissingRoleFailsTheDeadlineUntilANewcomerCanHoldIt() throws Exception {
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      Task brief =
          mesh.client.createTask(
              new NewTask(
                  "Two roles",
                  "```bzzz-council\ncore: [builder, checker]\ndeadline: 6s\n```\n",
                  List.of("chorus-entrypoint")));
      AgentMesh.Member a = mesh.start("builder-a", "--capability", "builder");
      AgentMesh.Member b = mesh.start("builder-b", "--capability", "builder");
      try {
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> status(mesh, brief.number()).contains("failed"));
      } catch (RuntimeException | AssertionError e) {
        dump(mesh);
        throw e;
      }
      String failed = status(mesh, brief.number());
      assertThat(failed).contains("nobody took checker");
      CouncilLedger.View v = CouncilLedger.read(mesh.client, brief.number());
      assertThat(v.members().keySet()).containsExactly("builder");
      assertThat(v.members().get("builder").peerId().orElseThrow()).isIn(a.peerId(), b.peerId());
      long builderSeats =
          mesh.client.comments(brief.number()).stream()
              .filter(c -> c.body().contains("role=builder attempt=1"))
              .count();
      assertThat(builderSeats).isEqualTo(1);

      AgentMesh.Member c = mesh.start("checker-c", "--capability", "checker");
      try {
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> status(mesh, brief.number()).contains("formed"));
      } catch (RuntimeException | AssertionError e) {
        dump(mesh);
        throw e;
      }
      assertThat(status(mesh, brief.number())).contains("attempt 2");
      assertThat(CouncilLedger.read(mesh.client, brief.number()).members().get("checker").peerId())
          .contains(c.peerId());
    }
  }

  @Test
  void aKilledMembersRoleIsTakenOverOnceTheMeshConfirmsItGone() throws Exception {
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      Task brief =
          mesh.client.createTask(
              new NewTask(
                  "No plan yet",
                  "```bzzz-council\ncore: [lead, worker]\n```\n",
                  List.of("chorus-entrypoint")));
      mesh.start("lead-1", "--capability", "lead");
      mesh.start("worker-1", "--capability", "worker");
      mesh.start("worker-2", "--capability", "worker");
      Seat held;
      try {
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> status(mesh, brief.number()).contains("formed"));
        held = CouncilLedger.read(mesh.client, brief.number()).members().get("worker");
        AgentMesh.Member holder =
            mesh.members.stream()
                .filter(m -> held.peerId().equals(Optional.of(m.peerId())))
                .findFirst()
                .orElseThrow();
        holder.process().kill();
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    CouncilLedger.read(mesh.client, brief.number())
                            .members()
                            .get("worker")
                            .attempt()
                        == 2);
      } catch (RuntimeException | AssertionError e) {
        dump(mesh);
        throw e;
      }
      Seat now = CouncilLedger.read(mesh.client, brief.number()).members().get("worker");
      assertThat(now.peerId()).isNotEqualTo(held.peerId());
      assertThat(mesh.client.refExists(new RoleRef(brief.number(), "worker", 2).name())).isTrue();
    }
  }

  @Test
  void aConvenerKilledWhileItsCouncilFormsIsReplacedAndTheCouncilStillForms() throws Exception {
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      Task brief =
          mesh.client.createTask(
              new NewTask(
                  "Convener dies",
                  "```bzzz-council\ncore: [lead, worker]\n```\n",
                  List.of("chorus-entrypoint")));
      AgentMesh.Member first = mesh.start("lead-1", "--capability", "lead");
      try {
        // The only agent convenes and takes the lead seat; nobody can hold worker yet.
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> seat(mesh, brief.number(), RoleRef.CONVENER).isPresent());
        assertThat(seat(mesh, brief.number(), RoleRef.CONVENER).orElseThrow().peerId())
            .contains(first.peerId());
        AgentMesh.Member second = mesh.start("lead-2", "--capability", "lead");
        // the second agent has met the first before the first dies
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    AgentMesh.get(second.api() + "/api/v1/peers", Optional.empty())
                        .contains(first.peerId()));
        first.process().kill();
        mesh.start("worker-1", "--capability", "worker");
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> status(mesh, brief.number()).contains("formed"));
        Seat convener = seat(mesh, brief.number(), RoleRef.CONVENER).orElseThrow();
        assertThat(convener.peerId()).isNotEqualTo(Optional.of(first.peerId()));
        assertThat(convener.attempt()).isEqualTo(2);
        Seat lead = seat(mesh, brief.number(), "lead").orElseThrow();
        assertThat(lead.peerId()).contains(second.peerId());
      } catch (RuntimeException | AssertionError e) {
        dump(mesh);
        throw e;
      }
    }
  }

  private static Optional<Seat> seat(AgentMesh mesh, int brief, String role) {
    return Optional.ofNullable(CouncilLedger.read(mesh.client, brief).seats().get(role));
  }

  private static String status(AgentMesh mesh, int brief) {
    return mesh.client.comments(brief).stream()
        .map(Comment::body)
        .filter(b -> b.contains("bzzz-council-status"))
        .findFirst()
        .orElse("");
  }

  private static String briefBody(Path trace) {
    List<String> plan = new ArrayList<>();
    plan.add("```bzzz-council\ncore: [architect, coder, tester]\n```\n");
    plan.add("```bzzz-plan");
    plan.add(subtask("design", "architect", List.of(), trace));
    plan.add(subtask("api", "coder", List.of("design"), trace));
    plan.add(subtask("ui", "coder", List.of("design"), trace));
    plan.add(subtask("test-api", "tester", List.of("api"), trace));
    plan.add(subtask("test-ui", "tester", List.of("ui"), trace));
    plan.add("```");
    return "Build the widget.\n\n" + String.join("\n", plan) + "\n";
  }

  /** A plan entry whose script records its start and end in {@code trace}. */
  static String subtask(String key, String role, List<String> deps, Path trace) {
    String t = trace.toString();
    return "- key: "
        + key
        + "\n  title: Do "
        + key
        + "\n  role: "
        + role
        + "\n  depends_on: ["
        + String.join(", ", deps)
        + "]\n  body: |\n    ~~~bzzz-script\n    echo 'start "
        + key
        + "' >> '"
        + t
        + "'\n    sleep 1\n    printf '"
        + key
        + "\\n' > "
        + key
        + ".txt\n    echo 'end "
        + key
        + "' >> '"
        + t
        + "'\n    ~~~";
  }

  private static void dump(AgentMesh mesh) {
    for (AgentMesh.Member m : mesh.members) {
      System.out.println("--- " + m.name() + "\n" + String.join("\n", m.process().stderrLines()));
    }
  }
}
