package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.agent.task.PollRota;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's life in the mesh, with real agent processes, a real local tracker and real gossip:
 * capabilities that change while it runs, and the goodbye it says on SIGTERM.
 */
class AgentLivenessTest {
  private static final Duration LONG = Duration.ofMinutes(3);

  @TempDir Path dir;

  @Test
  void aGpuThatAppearsIsBroadcastWithItsReasonAndPeersUseIt() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Map<String, String> path = Map.of("PATH", bin + ":" + System.getenv("PATH"));
    try (AgentMesh mesh = new AgentMesh(dir, List.of("needs:gpu"))) {
      AgentMesh.Member a = mesh.start("agent-a", path, "1s", "1s", "--capability-interval", "1s");
      AgentMesh.Member b = mesh.start("agent-b");
      awaitPeers(mesh, 1);
      assertThat(capabilities(AgentMesh.getJson(a.api() + "/api/health").path("agent")))
          .doesNotContain("gpu");

      // a plain gossip subscriber in the mesh sees what agent-a says
      try (ChildProcess sub =
          BzzzCli.start(
              "pubsub",
              "sub",
              "--topic",
              "bzzz/coordination/v1",
              "--data-dir",
              dir.resolve("sub").toString(),
              "--listen",
              "/ip4/127.0.0.1/tcp/0",
              "--no-mdns",
              "--bootstrap",
              a.multiaddr())) {
        sub.awaitLine(
            l -> l.contains(a.peerId()) && l.contains("availability_broadcast"),
            Duration.ofSeconds(90));

        nvidiaSmi(bin);

        // gossip may also replay agent-a's earlier broadcasts (reason startup or peer_joined)
        String line =
            sub.awaitLine(
                l ->
                    l.contains("capability_broadcast")
                        && l.contains(a.peerId())
                        && l.contains("capabilities added"),
                Duration.ofSeconds(60));
        JsonNode data = AgentMesh.parse(AgentMesh.parse(line).path("data").asText()).path("data");
        assertThat(data.path("reason").asText()).isEqualTo("capabilities added: gpu");
        assertThat(capabilities(data)).contains("gpu");
      }
      assertThat(capabilities(AgentMesh.getJson(a.api() + "/api/health").path("agent")))
          .contains("gpu");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> capabilities(peer(b, a.peerId()).orElseThrow()).contains("gpu"));

      // agent-b knows agent-a can do it, so it leaves the task to agent-a
      mesh.client.createTask(
          new NewTask(
              "Needs a GPU",
              "```bzzz-script\nprintf 'gpu\\n' > gpu.txt\n```\n",
              List.of(BzzzLabels.TASK, "needs:gpu")));
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> mesh.client.task(1).hasLabel(BzzzLabels.DONE));
      JsonNode pulls = mesh.pulls();
      assertThat(pulls).hasSize(1);
      assertThat(pulls.get(0).path("body").asText()).contains("agent **agent-a**");
    }
  }

  /**
   * Three agents poll in turns: in each 30 s poll slot, one of them ({@link PollRota}) polls the
   * repository. The test waits for a slot, stops that slot's poller with SIGTERM just after a task
   * only the other two can do was created, and checks that one of the others polls and claims the
   * task at once and that both drop the leaver from their APIs, long before the silence rule (3
   * availability intervals of 20 s) would have noticed anything.
   */
  @Test
  void aGoodbyeIsActedOnAtOnceAndAReturningAgentIsAcceptedAgain() throws Exception {
    long slotMillis = 30_000;
    Map<String, List<String>> caps =
        Map.of(
            "agent-a", List.of("ab", "ac"),
            "agent-b", List.of("ab", "bc"),
            "agent-c", List.of("ac", "bc"));
    try (AgentMesh mesh = new AgentMesh(dir, List.of("needs:ab", "needs:ac", "needs:bc"))) {
      for (String name : List.of("agent-a", "agent-b", "agent-c")) {
        start(mesh, name, caps.get(name));
      }
      awaitPeers(mesh, 2);

      // a slot with at least 20 s left, and its poller
      long slot = System.currentTimeMillis() / slotMillis;
      if ((slot + 1) * slotMillis - System.currentTimeMillis() < 20_000) {
        long previous = slot;
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> System.currentTimeMillis() / slotMillis != previous);
        slot = System.currentTimeMillis() / slotMillis;
      }
      long slotEnd = (slot + 1) * slotMillis;
      List<String> ids = mesh.members.stream().map(AgentMesh.Member::peerId).toList();
      String poller = PollRota.poller(AgentMesh.REPO + "@" + slot, ids);
      AgentMesh.Member leaving =
          mesh.members.stream().filter(m -> m.peerId().equals(poller)).findFirst().orElseThrow();
      List<AgentMesh.Member> staying =
          mesh.members.stream().filter(m -> !m.equals(leaving)).toList();
      String shared =
          caps.get(staying.get(0).name()).stream()
              .filter(caps.get(staying.get(1).name())::contains)
              .findFirst()
              .orElseThrow();

      mesh.client.createTask(
          new NewTask(
              "Only the staying agents can do this",
              "```bzzz-script\nprintf 'ok\\n' > ok.txt\n```\n",
              List.of(BzzzLabels.TASK, "needs:" + shared)));
      leaving.process().terminate();

      // The slot's poller is gone, yet the task is claimed in the same slot, right away: not at
      // the staying agents' next poll, which may be up to 30 s later.
      long deadline = Math.min(slotEnd, System.currentTimeMillis() + 10_000);
      await()
          .atMost(Duration.ofMillis(deadline - System.currentTimeMillis()))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> mesh.client.task(1).hasLabel(BzzzLabels.CLAIMED));
      assertThat(leaving.process().awaitExit(Duration.ofSeconds(60)))
          .as(leaving.process().describe())
          .isZero();
      for (AgentMesh.Member m : staying) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> peer(m, leaving.peerId()).isEmpty() && !inBootstrap(m, leaving));
        assertThat(metric(m, "bzzz_peers")).isEqualTo(1);
      }
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> mesh.client.task(1).hasLabel(BzzzLabels.DONE));

      // back with the same identity: accepted again as soon as it speaks
      mesh.members.remove(leaving);
      leaving.process().close();
      AgentMesh.Member back = start(mesh, leaving.name(), caps.get(leaving.name()));
      assertThat(back.peerId()).isEqualTo(leaving.peerId());
      for (AgentMesh.Member m : staying) {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> peer(m, back.peerId()).isPresent() && inBootstrap(m, back));
      }

      // the staying agents logged why it left
      mesh.members.forEach(m -> m.process().terminate());
      for (AgentMesh.Member m : mesh.members) {
        assertThat(m.process().awaitExit(Duration.ofSeconds(60))).isZero();
      }
      Path log = dir.resolve(staying.get(0).name()).resolve("log");
      try (ChildProcess show = BzzzCli.start("log", "show", "--dir", log.toString(), "--json")) {
        assertThat(show.awaitExit(Duration.ofSeconds(60))).isZero();
        assertThat(show.stdoutLines())
            .anySatisfy(l -> assertThat(l).contains("peer_left", leaving.peerId(), "goodbye"));
      }
    }
  }

  /**
   * The agent stopped with a task in hand releases it: its goodbye tells the others its claim is
   * free, and the next poll takes the task over as attempt 2, although the availability interval
   * (20 s) means the silence rule would need a minute or more.
   */
  @Test
  void aTaskInterruptedByShutdownIsTakenOverAtTheNextPoll() throws Exception {
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      for (String name : List.of("agent-a", "agent-b", "agent-c")) {
        start(mesh, name, List.of(), "1s", "--shutdown-grace", "1");
      }
      awaitPeers(mesh, 2);
      mesh.client.createTask(
          new NewTask(
              "Slow task",
              "```bzzz-script\nsleep 30\nprintf 'slow\\n' > slow.txt\n```\n",
              List.of(BzzzLabels.TASK)));
      AgentMesh.Member owner =
          await()
              .atMost(LONG)
              .pollInterval(Duration.ofMillis(200))
              .until(() -> runningOwner(mesh), Optional::isPresent)
              .orElseThrow();

      owner.process().terminate();
      assertThat(owner.process().awaitExit(Duration.ofSeconds(60)))
          .as(owner.process().describe())
          .isZero();
      long stopped = System.nanoTime();

      // another agent now runs attempt 2 (the script sleeps 30 s, so it is still running)
      AgentMesh.Member next =
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(200))
              .until(() -> runningOwner(mesh).filter(m -> !m.equals(owner)), Optional::isPresent)
              .orElseThrow();
      assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(30));
      JsonNode tasks = AgentMesh.getJson(next.api() + "/api/v1/tasks").path("tasks");
      assertThat(tasks.get(0).path("branch").asText()).isEqualTo("bzzz/task-1-a2");
    }
  }

  private static AgentMesh.Member start(AgentMesh mesh, String name, List<String> caps) {
    return start(mesh, name, caps, "30s");
  }

  private static AgentMesh.Member start(
      AgentMesh mesh, String name, List<String> caps, String poll, String... extra) {
    List<String> args = new ArrayList<>();
    caps.forEach(c -> args.addAll(List.of("--capability", c)));
    args.addAll(List.of(extra));
    return mesh.start(name, Map.of(), poll, "20s", args.toArray(String[]::new));
  }

  private static void awaitPeers(AgentMesh mesh, int peers) {
    for (AgentMesh.Member m : mesh.members) {
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> metric(m, "bzzz_peers") == peers);
    }
  }

  private static Optional<AgentMesh.Member> runningOwner(AgentMesh mesh) {
    for (AgentMesh.Member m : mesh.members) {
      if (!m.process().process().isAlive()) {
        continue;
      }
      for (JsonNode t : AgentMesh.getJson(m.api() + "/api/v1/tasks").path("tasks")) {
        if (t.path("stage").asText().equals("running")) {
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }

  /** The entry for {@code peerId} in {@code m}'s {@code /api/v1/peers}. */
  private static Optional<JsonNode> peer(AgentMesh.Member m, String peerId) {
    for (JsonNode p : AgentMesh.getJson(m.api() + "/api/v1/peers").path("peers")) {
      if (p.path("peer_id").asText().equals(peerId)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static boolean inBootstrap(AgentMesh.Member m, AgentMesh.Member other) {
    for (JsonNode p : AgentMesh.getJson(m.api() + "/api/v1/bootstrap-peers").path("peers")) {
      if (p.path("peer_id").asText().equals(other.peerId())) {
        return true;
      }
    }
    return false;
  }

  private static List<String> capabilities(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.path("capabilities").forEach(c -> out.add(c.asText()));
    return out;
  }

  private static void nvidiaSmi(Path bin) throws Exception {
    Path tmp = bin.resolve(".nvidia-smi.tmp");
    Files.writeString(tmp, "#!/bin/sh\nprintf 'NVIDIA Test GPU, 8192\\n'\n");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.move(tmp, bin.resolve("nvidia-smi")); // appears whole, never half-written
  }

  private static long metric(AgentMesh.Member m, String name) {
    String text = AgentMesh.get(m.api() + "/metrics", Optional.empty());
    Matcher matcher = Pattern.compile("(?m)^" + name + " (\\d+)(?:\\.0)?$").matcher(text);
    assertThat(matcher.find()).as(name + " in\n" + text).isTrue();
    return Long.parseLong(matcher.group(1));
  }
}
