package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agents as real processes against a real local tracker, over real git and a real mesh. */
class AgentMeshTest {
  private static final Duration DONE = Duration.ofMinutes(4);

  @TempDir Path dir;

  @Test
  void threeAgentsDoEveryTaskExactlyOnceAndReportIt() throws Exception {
    try (AgentMesh mesh = new AgentMesh(dir, List.of("needs:special"))) {
      List<String> files = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        String file = "out/task-" + i + ".txt";
        files.add(file);
        mesh.client.createTask(DemoScenario.scriptTask("Task " + i, file, "result " + i));
      }
      mesh.client.createTask(
          new NewTask(
              "Needs the special capability",
              "```bzzz-script\nprintf 'special\\n' > special.txt\n```\n",
              List.of(BzzzLabels.TASK, "needs:special")));
      files.add("special.txt");
      // The one agent that can do the special task starts first: an agent with a free slot that
      // hears of nobody able to do a task claims it itself and asks for help (attempt 2 then
      // goes to the helper), so starting c last would race c's start against the other tasks.
      mesh.start("agent-c", "--capability", "special");
      mesh.start("agent-a");
      mesh.start("agent-b");

      await().atMost(DONE).pollInterval(Duration.ofSeconds(1)).until(() -> doneCount(mesh) == 7);

      // one pull request per task, from its first claim branch, with the task's file
      JsonNode pulls = mesh.pulls();
      assertThat(pulls).hasSize(7);
      Set<String> heads = new HashSet<>();
      pulls.forEach(pr -> heads.add(pr.path("head").path("ref").asText()));
      assertThat(heads)
          .containsExactlyInAnyOrder(
              "bzzz/task-1",
              "bzzz/task-2",
              "bzzz/task-3",
              "bzzz/task-4",
              "bzzz/task-5",
              "bzzz/task-6",
              "bzzz/task-7");
      assertFilesOnBranches(mesh, files);
      for (JsonNode pr : pulls) {
        if (pr.path("head").path("ref").asText().equals("bzzz/task-7")) {
          assertThat(pr.path("body").asText()).contains("agent **agent-c**");
        }
      }

      // the API agrees with what happened; an agent labels the issue done before it logs,
      // publishes and frees its slot, so wait for every agent to be idle first
      for (AgentMesh.Member m : mesh.members) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    AgentMesh.getJson(m.api() + "/api/health")
                            .path("agent")
                            .path("current_tasks")
                            .asInt()
                        == 0);
      }
      long completed = 0;
      long claimed = 0;
      for (AgentMesh.Member m : mesh.members) {
        JsonNode health = AgentMesh.getJson(m.api() + "/api/health");
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("peer_id").asText()).isEqualTo(m.peerId());
        assertThat(health.path("agent").path("name").asText()).isEqualTo(m.name());
        assertThat(health.path("agent").path("current_tasks").asInt()).isZero();
        assertThat(health.path("gossipsub_topics").toString()).contains("bzzz/coordination/v1");
        String metrics = AgentMesh.get(m.api() + "/metrics", java.util.Optional.empty());
        completed += metric(metrics, "bzzz_tasks_completed_total");
        claimed += metric(metrics, "bzzz_tasks_claimed_total");
        assertThat(metric(metrics, "bzzz_log_length")).isPositive();
        assertThat(metric(metrics, "bzzz_peers")).isEqualTo(2);
      }
      assertThat(completed).isEqualTo(7);
      assertThat(claimed).isEqualTo(7);
      JsonNode boot = AgentMesh.getJson(mesh.members.get(0).api() + "/api/v1/bootstrap-peers");
      Set<String> bootIds = new HashSet<>();
      boot.path("peers").forEach(p -> bootIds.add(p.path("peer_id").asText()));
      assertThat(bootIds)
          .containsExactlyInAnyOrder(
              mesh.members.get(0).peerId(),
              mesh.members.get(1).peerId(),
              mesh.members.get(2).peerId());
      // the serving agent lists itself first, under its name
      assertThat(boot.path("peers").get(0).path("peer_id").asText())
          .isEqualTo(mesh.members.get(0).peerId());
      assertThat(boot.path("peers").get(0).path("name").asText())
          .isEqualTo(mesh.members.get(0).name());
      // and every other peer under the name its capability_broadcast gave
      Map<String, String> names = new HashMap<>();
      boot.path("peers")
          .forEach(p -> names.put(p.path("peer_id").asText(), p.path("name").asText()));
      for (AgentMesh.Member m : mesh.members) {
        assertThat(names).containsEntry(m.peerId(), m.name());
      }

      // each agent follows the other two agents' logs
      for (AgentMesh.Member m : mesh.members) {
        Path peers = dir.resolve(m.name()).resolve("peers");
        await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> Files.isDirectory(peers) && subdirs(peers).size() == 2);
      }

      // SIGTERM: clean exit, then every log verifies and holds the completions
      mesh.members.forEach(m -> m.process().terminate());
      int logged = 0;
      for (AgentMesh.Member m : mesh.members) {
        assertThat(m.process().awaitExit(Duration.ofSeconds(60)))
            .as(m.process().describe())
            .isZero();
        Path log = dir.resolve(m.name()).resolve("log");
        try (ChildProcess verify = BzzzCli.start("log", "verify", "--dir", log.toString())) {
          assertThat(verify.awaitExit(Duration.ofSeconds(60))).as(verify.describe()).isZero();
        }
        try (ChildProcess show = BzzzCli.start("log", "show", "--dir", log.toString(), "--json")) {
          assertThat(show.awaitExit(Duration.ofSeconds(60))).isZero();
          logged +=
              (int)
                  show.stdoutLines().stream().filter(l -> l.contains("\"task_completed\"")).count();
        }
      }
      assertThat(logged).isEqualTo(7);
      for (Path replica : subdirs(dir.resolve("agent-a").resolve("peers"))) {
        try (ChildProcess verify = BzzzCli.start("log", "verify", "--dir", replica.toString())) {
          assertThat(verify.awaitExit(Duration.ofSeconds(60))).as(verify.describe()).isZero();
        }
      }
    }
  }

  @Test
  void aTaskWhoseOwnerIsKilledIsCompletedByAnotherAgent() throws Exception {
    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      for (String name : List.of("agent-a", "agent-b", "agent-c")) {
        mesh.start(name);
      }
      // the task comes once the mesh has formed, so that any of the three may take it
      for (AgentMesh.Member m : mesh.members) {
        await()
            .atMost(DONE)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    metric(
                            AgentMesh.get(m.api() + "/metrics", java.util.Optional.empty()),
                            "bzzz_peers")
                        == 2);
      }
      mesh.client.createTask(
          new NewTask(
              "Slow task",
              "```bzzz-script\nsleep 6\nprintf 'slow\\n' > slow.txt\n```\n",
              List.of(BzzzLabels.TASK)));
      AgentMesh.Member owner =
          await()
              .atMost(DONE)
              .pollInterval(Duration.ofMillis(200))
              .until(() -> runningOwner(mesh), o -> o != null);
      owner.process().kill();

      await()
          .atMost(DONE)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> mesh.client.task(1).hasLabel(BzzzLabels.DONE));
      JsonNode pulls = mesh.pulls();
      assertThat(pulls).hasSize(1);
      assertThat(pulls.get(0).path("head").path("ref").asText()).isEqualTo("bzzz/task-1-a2");
      assertThat(pulls.get(0).path("body").asText()).doesNotContain(owner.name() + "**");
    }
  }

  @Test
  void demoRunsToTheEnd() {
    try (ChildProcess demo =
        BzzzCli.start(
            "demo",
            "--headless",
            "--exit-when-done",
            "--timeout",
            "240",
            "--data-dir",
            dir.resolve("demo").toString())) {
      assertThat(demo.awaitExit(Duration.ofMinutes(5))).as(demo.describe()).isZero();
      assertThat(demo.stdoutLines()).contains("summary: 6 tasks, 5 done, 1 failed");
    }
  }

  private static List<Path> subdirs(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).toList();
    }
  }

  private static AgentMesh.Member runningOwner(AgentMesh mesh) {
    for (AgentMesh.Member m : mesh.members) {
      JsonNode tasks = AgentMesh.getJson(m.api() + "/api/v1/tasks").path("tasks");
      for (JsonNode t : tasks) {
        if (t.path("stage").asText().equals("running")) {
          return m;
        }
      }
    }
    return null;
  }

  private static long doneCount(AgentMesh mesh) {
    long done = 0;
    for (int n = 1; n <= 7; n++) {
      Task t = mesh.client.task(n);
      if (t.hasLabel(BzzzLabels.DONE)) {
        done++;
      }
    }
    return done;
  }

  private static long metric(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + " (\\d+)(?:\\.0)?$").matcher(text);
    assertThat(m.find()).as(name + " in\n" + text).isTrue();
    return Long.parseLong(m.group(1));
  }

  private void assertFilesOnBranches(AgentMesh mesh, List<String> files) throws Exception {
    Path clone = dir.resolve("check");
    try (Git git =
        Git.cloneRepository()
            .setURI(mesh.tracker.baseUrl() + "/" + AgentMesh.REPO + ".git")
            .setCredentialsProvider(
                new UsernamePasswordCredentialsProvider("admin", mesh.tracker.adminToken()))
            .setCloneAllBranches(true)
            .setDirectory(clone.toFile())
            .call()) {
      Repository repo = git.getRepository();
      for (int n = 1; n <= files.size(); n++) {
        RevCommit head;
        try (RevWalk walk = new RevWalk(repo)) {
          head = walk.parseCommit(repo.resolve("refs/remotes/origin/bzzz/task-" + n));
        }
        try (TreeWalk tw = TreeWalk.forPath(repo, files.get(n - 1), head.getTree())) {
          assertThat(tw).as("bzzz/task-" + n + " has " + files.get(n - 1)).isNotNull();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
