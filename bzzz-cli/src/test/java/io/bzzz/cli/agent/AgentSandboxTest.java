package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.testing.ChildProcess;
import io.bzzz.testing.RepoRoot;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bzzz agent --sandbox container} as a process, with the podman stand-in of bzzz-agent's
 * tests ({@code fake-engine.sh}) on its PATH: no container engine runs on the test machines.
 */
class AgentSandboxTest {
  private static final String IMAGE = "registry.test/bzzz/runner:1";
  private static final String SYSTEM_PATH = "/usr/bin:/bin";

  @TempDir Path dir;

  @Test
  void aTaskRunsThroughTheContainerEngineEndToEnd() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path podman = bin.resolve("podman");
    Files.copy(
        RepoRoot.path()
            .resolve("bzzz-agent/src/test/resources/io/bzzz/agent/exec/sandbox/fake-engine.sh"),
        podman);
    Files.setPosixFilePermissions(podman, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(bin.resolve("state"));
    Files.writeString(bin.resolve("state").resolve("images"), IMAGE + "\n");

    try (AgentMesh mesh = new AgentMesh(dir, List.of())) {
      mesh.client.createTask(
          new NewTask(
              "Boxed task",
              "```bzzz-script\nprintf 'boxed\\n' > boxed.txt\n```\n",
              List.of(BzzzLabels.TASK)));
      mesh.start(
          "agent-a",
          Map.of("PATH", bin + ":" + SYSTEM_PATH),
          "1s",
          "1s",
          "--sandbox",
          "container",
          "--container-image",
          IMAGE,
          "--run-alone");

      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> mesh.client.task(1).hasLabel(BzzzLabels.DONE));
      JsonNode pulls = mesh.pulls();
      assertThat(pulls).hasSize(1);
      List<String> calls = Files.readAllLines(bin.resolve("state").resolve("calls"));
      assertThat(calls).startsWith("run", "--rm", "--name").contains("none", "--read-only", IMAGE);
    }
  }

  @Test
  void withoutAnEngineTheAgentRefusesToStartAndSaysWhatToInstall() throws Exception {
    // podman may be installed system-wide (the real-engine tests use it): a PATH with the system's
    // tools but no engine
    Path noEngine = Files.createDirectories(dir.resolve("no-engine-bin"));
    for (String tool : List.of("git", "sh", "env")) {
      for (String d : SYSTEM_PATH.split(":")) {
        Path real = Path.of(d, tool);
        if (Files.isExecutable(real) && !Files.exists(noEngine.resolve(tool))) {
          Files.createSymbolicLink(noEngine.resolve(tool), real);
        }
      }
    }
    try (AgentMesh mesh = new AgentMesh(dir, List.of());
        ChildProcess agent =
            io.bzzz.cli.testing.BzzzCli.start(
                Map.of("PATH", noEngine.toString()),
                "agent",
                "--name",
                "boxless",
                "--data-dir",
                dir.resolve("boxless").toString(),
                "--tracker-url",
                mesh.tracker.baseUrl(),
                "--token-file",
                dir.resolve("tracker")
                    .resolve(io.bzzz.tracker.local.LocalTracker.ADMIN_TOKEN_FILE)
                    .toString(),
                "--repo",
                AgentMesh.REPO,
                "--listen",
                "/ip4/127.0.0.1/tcp/0",
                "--no-mdns",
                "--sandbox",
                "container")) {
      assertThat(agent.awaitExit(Duration.ofSeconds(90))).as(agent.describe()).isNotZero();
      assertThat(String.join("\n", agent.stderrLines()))
          .contains("needs podman or docker")
          .contains("--sandbox none");
    }
  }
}
