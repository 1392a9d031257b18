package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.agent.council.PlanFiler;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The council's plan gate with {@code --discuss-plans}, on real agent processes and the real local
 * tracker: a council of two ({@code lead}, {@code worker}) and an outsider that objects to every
 * plan it is asked about. The lead objects to one subtask's first plan only (its revised plan is
 * approved in round 2, then it runs), to another in every round (escalated after round 3, never
 * run); a third is approved at once and runs. Only the council's two members are asked: the
 * outsider never votes.
 */
class CouncilPlanGateTest {
  private static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void councilPlansAreDiscussedAmongItsMembersBeforeTheyRun() throws Exception {
    Path trace = dir.resolve("trace.txt");
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      String[] discuss = {"--discuss-plans", "--discussion-window", "2s"};
      mesh.start(
          "lead-1",
          with(
              discuss,
              "--capability",
              "lead",
              "--object-when",
              "^Plan: Do checked", // the first plan only: a revision starts differently
              "--object-when",
              "Do held"));
      mesh.start("worker-1", with(discuss, "--capability", "worker"));
      mesh.start("outsider", with(discuss, "--capability", "other", "--object-when", "Do "));
      Task brief =
          mesh.client.createTask(
              new NewTask("Ship it", briefBody(trace), List.of("chorus-entrypoint")));
      Map<String, Task> subtasks;
      try {
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  Map<String, Task> filed = PlanFiler.filed(mesh.client, brief.number());
                  return filed.size() == 3
                      && mesh.client.task(filed.get("checked").number()).hasLabel(BzzzLabels.DONE)
                      && mesh.client.task(filed.get("plain").number()).hasLabel(BzzzLabels.DONE)
                      && mesh.client
                          .task(filed.get("held").number())
                          .hasLabel(BzzzLabels.ESCALATED);
                });
        subtasks = PlanFiler.filed(mesh.client, brief.number());
      } catch (RuntimeException | AssertionError e) {
        for (AgentMesh.Member m : mesh.members) {
          System.out.println(
              "--- " + m.name() + "\n" + String.join("\n", m.process().stderrLines()));
        }
        throw e;
      }
      int checked = subtasks.get("checked").number();
      int plain = subtasks.get("plain").number();
      int held = subtasks.get("held").number();

      // the escalated subtask never ran, asked a human, and keeps the council from delivering
      List<String> lines = Files.readAllLines(trace);
      assertThat(lines).contains("start checked", "end checked", "start plain", "end plain");
      assertThat(lines).noneMatch(l -> l.contains("held"));
      Task h = mesh.client.task(held);
      assertThat(h.hasLabel(BzzzLabels.CLAIMED)).isFalse();
      assertThat(mesh.client.comments(held))
          .anyMatch(c -> c.body().contains("objected to in 3 rounds"));
      assertThat(mesh.client.task(brief.number()).hasLabel(BzzzLabels.DONE)).isFalse();

      // the signed logs: who was asked, what was decided
      mesh.members.forEach(m -> m.process().terminate());
      List<String> council = new ArrayList<>();
      List<String> outsider = new ArrayList<>();
      for (AgentMesh.Member m : mesh.members) {
        assertThat(m.process().awaitExit(Duration.ofSeconds(60))).isZero();
        (m.name().equals("outsider") ? outsider : council)
            .addAll(show(dir.resolve(m.name()).resolve("log")));
      }
      assertThat(council)
          .anyMatch(l -> entry(l, "plan_revised", checked))
          .anyMatch(l -> entry(l, "consensus_reached", checked) && l.contains("\"round\":2"))
          .anyMatch(l -> entry(l, "consensus_reached", plain) && l.contains("\"round\":1"))
          .anyMatch(l -> entry(l, "escalation", held) && l.contains("\"round\":3"))
          .noneMatch(l -> entry(l, "task_completed", held));
      // each round's plan names the two members, not the outsider
      List<String> plans =
          council.stream()
              .filter(l -> entry(l, "plan_proposed", checked) && l.contains("\"round\":"))
              .toList();
      assertThat(plans).hasSize(2);
      for (String p : plans) {
        assertThat(AgentMesh.parse(p).path("data").path("members")).hasSize(2);
      }
      // the outsider hears the discussion (and notes what it heard) but never votes in it
      String outsiderPeer =
          mesh.members.stream()
              .filter(m -> m.name().equals("outsider"))
              .findFirst()
              .orElseThrow()
              .peerId();
      List<String> all = new ArrayList<>(council);
      all.addAll(outsider);
      assertThat(all)
          .noneMatch(
              l ->
                  (l.contains("\"objection_raised\"") || l.contains("\"vote_cast\""))
                      && AgentMesh.parse(l)
                          .path("data")
                          .path("from")
                          .asText()
                          .equals(outsiderPeer));
      assertThat(outsider).noneMatch(l -> l.contains("rule /Do /"));
    }
  }

  private static String briefBody(Path trace) {
    List<String> plan = new ArrayList<>();
    plan.add("```bzzz-council\ncore: [lead, worker]\n```\n");
    plan.add("```bzzz-plan");
    plan.add(CouncilAgentsTest.subtask("checked", "worker", List.of(), trace));
    plan.add(CouncilAgentsTest.subtask("plain", "worker", List.of(), trace));
    plan.add(CouncilAgentsTest.subtask("held", "worker", List.of(), trace));
    plan.add("```");
    return "Three things to do.\n\n" + String.join("\n", plan) + "\n";
  }

  private static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** Whether a log line (JSON) is an entry of this type about this task. */
  static boolean entry(String line, String type, int task) {
    JsonNode j = AgentMesh.parse(line);
    return j.path("type").asText().equals(type)
        && j.path("data").path("task").path("number").asInt() == task;
  }

  /** The entries of a stopped agent's log, as {@code bzzz log show --json} prints them. */
  static List<String> show(Path log) {
    try (ChildProcess show = BzzzCli.start("log", "show", "--dir", log.toString(), "--json")) {
      assertThat(show.awaitExit(Duration.ofSeconds(60))).isZero();
      return show.stdoutLines();
    }
  }
}
