package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.Task;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plan discussions between three real agent processes on a real local tracker, watched by a real
 * {@code bzzz monitor --json}: an objection that blocks round 1 (the revised plan passes in round
 * 2), one that two thirds outvote, and objections standing for three rounds (escalated: comment and
 * {@code bzzz-escalated}, not run). Then the signed logs: the agents' discussion entries, the
 * monitor's transcript verified by {@code bzzz log verify}; and the monitor's API refuses a POST.
 */
class PlanDiscussionMeshTest {
  private static final Duration DONE = Duration.ofMinutes(4);
  private static final String DISCUSS = "bzzz-discuss";

  @TempDir Path dir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // 3 agents, a monitor and 5 CLI runs, one by one
  void objectionsBlockAreOutvotedOrEscalateAndTheMonitorSeesIt() throws Exception {
    try (AgentMesh mesh = new AgentMesh(dir, List.of(DISCUSS, "needs:ab"))) {
      String[] flags = {"--discussion-window", "3s"};
      AgentMesh.Member a = mesh.start("agent-a", with(flags, "--capability", "ab"));
      mesh.start("agent-b", with(flags, "--capability", "ab"));
      mesh.start("agent-c", flags);
      ChildProcess monitor =
          BzzzCli.start(
              "monitor",
              "--json",
              "--data-dir",
              dir.resolve("monitor").toString(),
              "--listen",
              "/ip4/127.0.0.1/tcp/0",
              "--no-mdns",
              "--bootstrap",
              a.multiaddr(),
              "--http",
              "127.0.0.1:0");
      try {
        // every agent hears the other two before a task exists, so each plan has three members
        for (AgentMesh.Member m : mesh.members) {
          await().atMost(Duration.ofMinutes(1)).until(() -> livePeers(m) == 2);
        }
        String api =
            await()
                .atMost(Duration.ofMinutes(1))
                .until(() -> apiLine(monitor), Optional::isPresent)
                .orElseThrow();

        // 1: everyone but the taker objects in round 1 only -> revised plan approved in round 2
        mesh.client.createTask(
            discussed(
                "Blocked once", "out/blocked.txt", "* 1 say how the result is checked", List.of()));
        // 2: agent-c objects in every round; a or b takes it (needs:ab), the other approves: 2/3
        mesh.client.createTask(
            discussed(
                "Outvoted", "out/outvoted.txt", "agent-c * I do not like it", List.of("needs:ab")));
        // 3: everyone but the taker objects in every round -> escalated after round 3
        mesh.client.createTask(
            discussed("Escalated", "out/escalated.txt", "* * not before the release", List.of()));

        await()
            .atMost(DONE)
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    mesh.client.task(1).hasLabel(BzzzLabels.DONE)
                        && mesh.client.task(2).hasLabel(BzzzLabels.DONE)
                        && mesh.client.task(3).hasLabel(BzzzLabels.ESCALATED));

        // escalated: asked a human, not claimed any more, never run (no pull request)
        Task escalated = mesh.client.task(3);
        assertThat(escalated.hasLabel(BzzzLabels.CLAIMED)).isFalse();
        assertThat(escalated.hasLabel(BzzzLabels.DONE)).isFalse();
        assertThat(mesh.client.comments(3))
            .anyMatch(
                cm ->
                    cm.body().contains("objected to in 3 rounds")
                        && cm.body().contains("not before the release"));
        List<String> heads = new ArrayList<>();
        mesh.pulls().forEach(pr -> heads.add(pr.path("head").path("ref").asText()));
        assertThat(heads).containsExactlyInAnyOrder("bzzz/task-1", "bzzz/task-2");

        // the monitor saw the discussions and the feedback
        await()
            .atMost(Duration.ofMinutes(1))
            .until(
                () ->
                    monitored(monitor, "context_feedback").size() >= 2
                        && monitored(monitor, "meta_discussion").stream()
                            .anyMatch(
                                j -> j.path("data").path("outcome").asText().equals("escalated")));
        List<JsonNode> meta = monitored(monitor, "meta_discussion");
        assertThat(meta)
            .anyMatch(j -> kind(j, "plan") && round(j) == 2 && number(j) == 1)
            .anyMatch(j -> kind(j, "objection") && number(j) == 2)
            .anyMatch(
                j ->
                    kind(j, "decision")
                        && number(j) == 2
                        && round(j) == 1
                        && j.path("data").path("outcome").asText().equals("approved"));
        assertThat(monitored(monitor, "context_feedback"))
            .anyMatch(
                j ->
                    number(j) == 1
                        && j.path("data").path("discussion_rounds").asInt() == 2
                        && j.path("data").path("executor").asText().equals("script"));

        // the monitor's API: health as "monitor", read-only
        JsonNode health = AgentMesh.getJson(api + "/api/health");
        assertThat(health.path("agent").path("name").asText()).isEqualTo("monitor");
        assertThat(health.path("gossipsub_topics").toString())
            .contains("antennae/meta-discussion/v1", "bzzz/councils/v1");
        // it lists itself first; agents' addresses come from capability broadcasts, which went
        // out before it joined, so peers are known from their availability broadcasts here
        assertThat(
                AgentMesh.getJson(api + "/api/v1/bootstrap-peers")
                    .path("peers")
                    .get(0)
                    .path("name")
                    .asText())
            .isEqualTo("monitor");
        int live = 0;
        for (JsonNode p : AgentMesh.getJson(api + "/api/v1/peers").path("peers")) {
          live += p.path("state").asText().equals("live") ? 1 : 0;
        }
        assertThat(live).isEqualTo(3);
        try (HttpClient http = HttpClient.newHttpClient()) {
          HttpResponse<String> post =
              http.send(
                  HttpRequest.newBuilder(URI.create(api + "/api/v1/councils"))
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(post.statusCode()).isEqualTo(405);
        }
      } finally {
        monitor.terminate();
        assertThat(monitor.awaitExit(Duration.ofSeconds(60))).as(monitor.describe()).isZero();
        monitor.close();
      }

      // signed logs: the monitor's transcript verifies and holds what it printed
      Path monitorLog = dir.resolve("monitor").resolve("log");
      assertThat(verify(monitorLog)).isZero();
      assertThat(show(monitorLog))
          .anyMatch(l -> l.contains("\"message_observed\"") && l.contains("meta_discussion"));

      // the agents' logs: plans, votes and outcomes of each discussion
      mesh.members.forEach(m -> m.process().terminate());
      List<String> entries = new ArrayList<>();
      for (AgentMesh.Member m : mesh.members) {
        assertThat(m.process().awaitExit(Duration.ofSeconds(60))).isZero();
        entries.addAll(show(dir.resolve(m.name()).resolve("log"))); // AgentMeshTest verifies them
      }
      assertThat(entries)
          .anyMatch(l -> entry(l, "plan_revised", 1) && l.contains("say how the result is checked"))
          .anyMatch(l -> entry(l, "consensus_reached", 1) && l.contains("\"round\":2"))
          .anyMatch(l -> entry(l, "consensus_reached", 2) && l.contains("\"round\":1"))
          .anyMatch(l -> entry(l, "objection_raised", 2) && l.contains("I do not like it"))
          .anyMatch(l -> entry(l, "vote_cast", 1))
          .anyMatch(l -> entry(l, "escalation", 3) && l.contains("\"round\":3"))
          .anyMatch(l -> entry(l, "context_feedback", 1));
      // the claim's announcement, then one plan per round
      assertThat(entries.stream().filter(l -> entry(l, "plan_proposed", 3)))
          .hasSize(4)
          .filteredOn(l -> l.contains("\"round\":"))
          .hasSize(3);
      assertThat(entries).noneMatch(l -> entry(l, "task_completed", 3));
    }
  }

  private static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static NewTask discussed(String title, String file, String objection, List<String> more) {
    NewTask script = DemoScenario.scriptTask(title, file, title);
    List<String> labels = new ArrayList<>(List.of(BzzzLabels.TASK, DISCUSS));
    labels.addAll(more);
    return new NewTask(
        title, script.body() + "\n```bzzz-objection\n" + objection + "\n```\n", labels);
  }

  private static int livePeers(AgentMesh.Member m) {
    int live = 0;
    for (JsonNode p : AgentMesh.getJson(m.api() + "/api/v1/peers").path("peers")) {
      if (p.path("state").asText().equals("live")) {
        live++;
      }
    }
    return live;
  }

  /** The API root a {@code bzzz monitor --http} process printed, once it did. */
  static Optional<String> apiLine(ChildProcess p) {
    return p.stderrLines().stream()
        .filter(l -> l.startsWith("api "))
        .findFirst()
        .map(l -> l.substring(4).replace("/api/health", ""));
  }

  private static List<JsonNode> monitored(ChildProcess monitor, String type) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : monitor.stdoutLines()) {
      JsonNode j = AgentMesh.parse(line);
      if (j.path("type").asText().equals(type)) {
        out.add(j);
      }
    }
    return out;
  }

  private static boolean kind(JsonNode j, String kind) {
    return j.path("data").path("kind").asText().equals(kind);
  }

  private static int round(JsonNode j) {
    return j.path("data").path("round").asInt();
  }

  private static long number(JsonNode j) {
    return j.path("data").path("task").path("number").asLong();
  }

  private static boolean entry(String line, String type, int task) {
    JsonNode j = AgentMesh.parse(line);
    return j.path("type").asText().equals(type)
        && j.path("data").path("task").path("number").asInt() == task;
  }

  private static int verify(Path log) {
    try (ChildProcess verify = BzzzCli.start("log", "verify", "--dir", log.toString())) {
      return verify.awaitExit(Duration.ofSeconds(60));
    }
  }

  private static List<String> show(Path log) {
    try (ChildProcess show = BzzzCli.start("log", "show", "--dir", log.toString(), "--json")) {
      assertThat(show.awaitExit(Duration.ofSeconds(60))).isZero();
      return show.stdoutLines();
    }
  }
}
