package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.agent.council.CouncilLedger;
import io.bzzz.agent.council.PlanFiler;
import io.bzzz.agent.council.RoleRef;
import io.bzzz.agent.council.Seat;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
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
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A council's members at work, with real agent processes and the real local tracker (1 s intervals,
 * plan discussion as by default: no {@code --discuss-plans}): a member killed with SIGKILL while it
 * runs a subtask loses its seat and the subtask to the other capable agent once the mesh confirms
 * it gone, and the council still delivers; a capable agent outside the council takes a ready
 * subtask only after its grace period; one member's objection is outvoted by the other two (two
 * thirds) and the signed logs hold the plan, the objection, the votes and the outcome.
 */
class CouncilMembersTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void aMemberKilledWhileItRunsASubtaskLosesSeatAndSubtaskAndTheCouncilStillDelivers()
      throws Exception {
    Path trace = dir.resolve("trace.txt");
    Path started = dir.resolve("started");
    // the first run signals and sleeps until killed; the run of the agent that takes over is quick
    String script =
        "if [ -f '"
            + started
            + "' ]; then again=1; else again=0; fi\n"
            + "touch '"
            + started
            + "'\n"
            + "echo \"start $again\" >> '"
            + trace
            + "'\n"
            + "if [ \"$again\" = 0 ]; then sleep 600; fi\n"
            + "echo end >> '"
            + trace
            + "'";
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      Task brief =
          mesh.client.createTask(
              new NewTask(
                  "Slow work",
                  "```bzzz-council\ncore: [lead, worker]\n```\n\n```bzzz-plan\n"
                      + subtask("slow", "worker", script)
                      + "\n```\n",
                  List.of("chorus-entrypoint")));
      mesh.start("lead-1", "--capability", "lead");
      // the agent without a seat may take council subtasks only after 10 minutes: it can only
      // come to the subtask as the worker's successor
      mesh.start("worker-1", "--capability", "worker", "--council-grace", "10m");
      mesh.start("worker-2", "--capability", "worker", "--council-grace", "10m");
      try {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> Files.exists(trace));
        Task slow = PlanFiler.filed(mesh.client, brief.number()).get("slow");
        Claim first = mesh.client.currentClaim(slow.number()).orElseThrow();
        Seat seat = CouncilLedger.read(mesh.client, brief.number()).members().get("worker");
        String holderName = first.owner().map(AgentIdentity::name).orElseThrow();
        AgentMesh.Member holder = member(mesh, holderName);
        assertThat(seat.peerId()).contains(holder.peerId());
        AgentMesh.Member other =
            member(mesh, holderName.equals("worker-1") ? "worker-2" : "worker-1");

        holder.process().kill(); // SIGKILL, with the script it runs
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> mesh.client.task(brief.number()).state() == TaskState.CLOSED);

        // the seat and the claim moved to the other worker, at attempt 2 each
        Seat now = CouncilLedger.read(mesh.client, brief.number()).members().get("worker");
        assertThat(now.attempt()).isEqualTo(2);
        assertThat(now.peerId()).contains(other.peerId());
        // deleted on delivery, with every seat, after the brief is closed
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> !mesh.client.refExists(new RoleRef(brief.number(), "worker", 2).name()));
        Task done = mesh.client.task(slow.number());
        assertThat(done.hasLabel(BzzzLabels.DONE)).isTrue();
        // the claim comments: attempt 1 by the holder, attempt 2 by the other worker
        assertThat(mesh.client.comments(slow.number()))
            .anyMatch(c -> c.body().contains("attempt=1 peer=" + holder.peerId()))
            .anyMatch(c -> c.body().contains("attempt=2 peer=" + other.peerId()));
        assertThat(Files.readAllLines(trace)).containsExactly("start 0", "start 1", "end");
        assertThat(mesh.client.comments(brief.number()))
            .anyMatch(c -> c.body().contains("delivered**") && c.body().contains(other.name()));
      } catch (RuntimeException | AssertionError e) {
        dump(mesh);
        throw e;
      }
    }
  }

  @Test
  void aCapableAgentOutsideTheCouncilTakesAReadySubtaskOnlyAfterTheGracePeriod() throws Exception {
    Path release = dir.resolve("release");
    // both subtasks wait for the test; the only member (max one task) takes one of them
    String script = "while [ ! -f '" + release + "' ]; do sleep 0.2; done\necho done";
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      Task brief =
          mesh.client.createTask(
              new NewTask(
                  "Two things",
                  "```bzzz-council\ncore: [lead]\n```\n\n```bzzz-plan\n"
                      + subtask("one", "lead", script)
                      + "\n"
                      + subtask("two", "lead", script)
                      + "\n```\n",
                  List.of("chorus-entrypoint")));
      // alone in the mesh until the outsider comes, so it claims without waiting for a peer
      mesh.start("lead-1", "--capability", "lead", "--max-tasks", "1", "--run-alone");
      try {
        Callable<Optional<Task>> waiting =
            () -> {
              Map<String, Task> filed = PlanFiler.filed(mesh.client, brief.number());
              if (filed.size() < 2) {
                return Optional.empty();
              }
              boolean oneClaimed = mesh.client.currentClaim(filed.get("one").number()).isPresent();
              boolean twoClaimed = mesh.client.currentClaim(filed.get("two").number()).isPresent();
              return oneClaimed == twoClaimed
                  ? Optional.empty()
                  : Optional.of(oneClaimed ? filed.get("two") : filed.get("one"));
            };
        Task free =
            await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(waiting, Optional::isPresent)
                .orElseThrow();
        // a capable agent that holds no seat (the only role is taken) joins; grace 12 s
        AgentMesh.Member outsider =
            mesh.start("outsider", "--capability", "lead", "--council-grace", "12s");
        // it polls every second, sees the ready subtask, and leaves it to the members meanwhile
        await()
            .during(Duration.ofSeconds(8))
            .atMost(Duration.ofSeconds(11))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> mesh.client.currentClaim(free.number()).isEmpty());
        assertThat(CouncilLedger.read(mesh.client, brief.number()).members().get("lead").peerId())
            .isNotEqualTo(Optional.of(outsider.peerId()));
        // after the grace period it takes it
        Claim taken =
            await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                // the claim's owner is read from its claim comment, posted just after the ref
                .until(
                    () -> mesh.client.currentClaim(free.number()),
                    c -> c.flatMap(Claim::owner).isPresent())
                .orElseThrow();
        assertThat(taken.owner().map(AgentIdentity::name)).contains("outsider");
        assertThat(taken.attempt()).isEqualTo(1);

        Files.writeString(release, "go");
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> mesh.client.task(brief.number()).state() == TaskState.CLOSED);
        assertThat(mesh.client.task(free.number()).hasLabel(BzzzLabels.DONE)).isTrue();
      } catch (RuntimeException | AssertionError e) {
        dump(mesh);
        throw e;
      }
    }
  }

  @Test
  void oneMembersObjectionIsOutvotedByTheOtherTwoAndTheLogsSayHow() throws Exception {
    String reason = "this plan skips the tests";
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      // the checker objects in every round: were it not outvoted, the plan would be escalated
      String objection = "\n```bzzz-objection\nchecker-1 * " + reason + "\n```";
      Task brief =
          mesh.client.createTask(
              new NewTask(
                  "Build it",
                  "```bzzz-council\ncore: [planner, builder, checker]\n```\n\n```bzzz-plan\n"
                      + subtask("build", "builder", "echo built", objection)
                      + "\n```\n",
                  List.of("chorus-entrypoint")));
      AgentMesh.Member planner = mesh.start("planner-1", "--capability", "planner");
      AgentMesh.Member builder = mesh.start("builder-1", "--capability", "builder");
      AgentMesh.Member checker = mesh.start("checker-1", "--capability", "checker");
      int build;
      try {
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> mesh.client.task(brief.number()).state() == TaskState.CLOSED);
        build = PlanFiler.filed(mesh.client, brief.number()).get("build").number();
        assertThat(mesh.client.task(build).hasLabel(BzzzLabels.DONE)).isTrue();
        assertThat(mesh.client.task(build).hasLabel(BzzzLabels.ESCALATED)).isFalse();
      } catch (RuntimeException | AssertionError e) {
        dump(mesh);
        throw e;
      }
      mesh.members.forEach(m -> m.process().terminate());
      for (AgentMesh.Member m : mesh.members) {
        assertThat(m.process().awaitExit(Duration.ofSeconds(60))).isZero();
      }
      Path builderLog = dir.resolve("builder-1").resolve("log");
      try (ChildProcess verify = BzzzCli.start("log", "verify", "--dir", builderLog.toString())) {
        assertThat(verify.awaitExit(Duration.ofSeconds(60))).as(verify.describe()).isZero();
      }
      // the taker's log: the round's plan to the three members, then approval in round 1 by two
      List<String> taker = show(builderLog);
      JsonNode plan = only(taker, "plan_proposed", build, true);
      assertThat(plan.path("data").path("members"))
          .extracting(JsonNode::asText)
          .containsExactlyInAnyOrder(planner.peerId(), builder.peerId(), checker.peerId());
      JsonNode outcome = only(taker, "consensus_reached", build, false);
      assertThat(outcome.path("data").path("round").asInt()).isEqualTo(1);
      assertThat(outcome.path("data").path("outcome").asText()).isEqualTo("approved");
      assertThat(outcome.path("data").path("members").asInt()).isEqualTo(3);
      assertThat(outcome.path("data").path("approvals"))
          .extracting(JsonNode::asText)
          .containsExactlyInAnyOrder(builder.peerId(), planner.peerId());
      assertThat(taker)
          .noneMatch(l -> entry(l, "plan_revised", build) || entry(l, "escalation", build));
      // the objection, with its reason, in the objector's log; the approval in the planner's
      assertThat(show(dir.resolve("checker-1").resolve("log")))
          .anyMatch(
              l ->
                  vote(l, "objection_raised", build, checker.peerId())
                      && AgentMesh.parse(l).path("data").path("text").asText().equals(reason));
      assertThat(show(dir.resolve("planner-1").resolve("log")))
          .anyMatch(l -> vote(l, "vote_cast", build, planner.peerId()));
    }
  }

  private static String subtask(String key, String role, String script) {
    return subtask(key, role, script, "");
  }

  /**
   * A plan entry whose body is a script block, then {@code more} (lines of markdown). The script
   * ends by writing a file, so the run has a change to deliver as a pull request.
   */
  private static String subtask(String key, String role, String script, String more) {
    String body =
        "~~~bzzz-script\n" + script + "\nprintf 'done\\n' > " + key + ".txt\n~~~\n" + more;
    return "- key: "
        + key
        + "\n  title: Do "
        + key
        + "\n  role: "
        + role
        + "\n  body: |\n"
        + String.join("\n", body.lines().map(l -> "    " + l).toList());
  }

  private static AgentMesh.Member member(AgentMesh mesh, String name) {
    return mesh.members.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  /** The one entry of this type about this task; a plan of a round when {@code round}. */
  private static JsonNode only(List<String> log, String type, int task, boolean round) {
    List<JsonNode> found = new ArrayList<>();
    for (String l : log) {
      JsonNode j = AgentMesh.parse(l);
      if (entry(l, type, task) && (!round || j.path("data").has("round"))) {
        found.add(j);
      }
    }
    assertThat(found).as(type + " of #" + task).hasSize(1);
    return found.getFirst();
  }

  /** A round-1 vote of {@code from} about {@code task}. */
  private static boolean vote(String line, String type, int task, String from) {
    JsonNode data = AgentMesh.parse(line).path("data");
    return entry(line, type, task)
        && data.path("from").asText().equals(from)
        && data.path("round").asInt() == 1;
  }

  private static boolean entry(String line, String type, int task) {
    return CouncilPlanGateTest.entry(line, type, task);
  }

  private static List<String> show(Path log) {
    return CouncilPlanGateTest.show(log);
  }

  private static void dump(AgentMesh mesh) {
    for (AgentMesh.Member m : mesh.members) {
      System.out.println("--- " + m.name() + "\n" + String.join("\n", m.process().stderrLines()));
    }
  }
}
