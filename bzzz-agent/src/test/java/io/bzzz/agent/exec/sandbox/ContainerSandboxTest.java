package io.bzzz.agent.exec.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.exec.ProcessOutcome;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.exec.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container command line and the cleanup path; {@code ContainerEngineTest} runs it in a real
 * engine.
 */
class ContainerSandboxTest {
  @TempDir Path tmp;

  @Test
  void buildsADockerRunWithTheWorkspaceMountedAndVariablesByName() throws Exception {
    Path ws = Files.createDirectory(tmp.resolve("ws"));
    Path script = Files.writeString(tmp.resolve("s.sh"), "echo hi");
    ContainerSandbox sandbox =
        new ContainerSandbox(
            new ContainerEngine(ContainerEngine.Kind.DOCKER, Path.of("/usr/bin/docker")),
            ContainerSandbox.Settings.defaults("alpine:3.20"),
            Map.of("DOCKER_HOST", "unix:///run/docker.sock", "BZZZ_GITHUB_TOKEN", "secret"),
            tmp.resolve("status"),
            () -> "bzzz-test");
    ProcessSpec spec =
        ProcessSpec.of(List.of("sh", "-e", script.toString()), ws)
            .withEnvironment(Map.of("BZZZ_TASK_TITLE", "$(rm -rf /)"));

    ProcessSpec wrapped = sandbox.wrap(spec, ws, List.of(script));

    Path status = tmp.resolve("status").resolve("bzzz-test");
    assertThat(status).isDirectory();
    Object uid = Files.getAttribute(ws, "unix:uid");
    Object gid = Files.getAttribute(ws, "unix:gid");
    assertThat(wrapped.command())
        .containsExactly(
            "/usr/bin/docker",
            "run",
            "--rm",
            "--name",
            "bzzz-test",
            "--network",
            "none",
            "--cap-drop",
            "ALL",
            "--security-opt",
            "no-new-privileges",
            "--pids-limit",
            "512",
            "--memory",
            "2g",
            "--cpus",
            "2",
            "--ulimit",
            "nofile=1024:1024",
            "--ulimit",
            "nproc=4096:4096",
            "--read-only",
            "--tmpfs",
            "/tmp",
            "--user",
            uid + ":" + gid,
            "-v",
            ws + ":" + ws + ":rw",
            "-v",
            script + ":" + script + ":ro",
            "-v",
            status + ":" + status + ":rw",
            "-w",
            ws.toString(),
            "-e",
            "BZZZ_TASK_TITLE",
            "alpine:3.20",
            "sh",
            "-c",
            "f=$1; shift; \"$@\"; s=$?; echo \"$s\" > \"$f\"; exit $s",
            "bzzz-run",
            status.resolve("exit").toString(),
            "sh",
            "-e",
            script.toString());
    // The value travels in the environment, not on the command line; the engine's own
    // variables pass, the agent's secrets do not.
    assertThat(wrapped.environment())
        .containsEntry("BZZZ_TASK_TITLE", "$(rm -rf /)")
        .containsEntry("DOCKER_HOST", "unix:///run/docker.sock")
        .doesNotContainKey("BZZZ_GITHUB_TOKEN");
    assertThat(wrapped.cleanupOnKill())
        .contains(List.of("/usr/bin/docker", "rm", "-f", "bzzz-test"));
    assertThat(wrapped.timeLimit()).isEqualTo(spec.timeLimit());
  }

  @Test
  void podmanRelabelsMountsAndStdinAddsInteractive() throws Exception {
    Path ws = Files.createDirectory(tmp.resolve("ws"));
    Path in = Files.writeString(tmp.resolve("in"), "x");
    ContainerSandbox sandbox =
        new ContainerSandbox(
            new ContainerEngine(ContainerEngine.Kind.PODMAN, Path.of("/usr/bin/podman")),
            new ContainerSandbox.Settings("img", "slirp4netns", Optional.of("runc"), List.of()),
            Map.of(),
            tmp.resolve("status"),
            () -> "n");

    ProcessSpec wrapped =
        sandbox.wrap(ProcessSpec.of(List.of("cat"), ws).withStdin(in), ws, List.of());

    assertThat(wrapped.command()).contains("-i").contains(ws + ":" + ws + ":rw,Z");
    assertThat(wrapped.command()).containsSequence("--network", "slirp4netns");
    // podman takes the runtime before the subcommand
    assertThat(wrapped.command()).startsWith("/usr/bin/podman", "--runtime", "runc", "run");
    assertThat(wrapped.command()).noneMatch(a -> a.startsWith("--pids") || a.equals("--memory"));
    assertThat(wrapped.stdin()).contains(in);
  }

  @Test
  void detectsPodmanBeforeDocker() throws Exception {
    Path a = Files.createDirectory(tmp.resolve("a"));
    Path b = Files.createDirectory(tmp.resolve("b"));
    for (Path p : List.of(a.resolve("docker"), b.resolve("podman"))) {
      Files.writeString(p, "#!/bin/sh\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }
    assertThat(ContainerEngine.detect(a + ":" + b))
        .contains(new ContainerEngine(ContainerEngine.Kind.PODMAN, b.resolve("podman")));
    assertThat(ContainerEngine.detect(a.toString()))
        .contains(new ContainerEngine(ContainerEngine.Kind.DOCKER, a.resolve("docker")));
    assertThat(ContainerEngine.detect(tmp.resolve("none").toString())).isEmpty();
  }

  @Test
  void theCleanupCommandRunsAfterATimeoutKill() throws Exception {
    Path marker = tmp.resolve("container-removed");
    ProcessSpec spec =
        ProcessSpec.of(List.of("sleep", "1000"), tmp)
            .withLimits(Duration.ofSeconds(1), 1024)
            .withCleanupOnKill(List.of("touch", marker.toString()));

    ProcessOutcome out = new ProcessRunner().run(spec);

    assertThat(out.timedOut()).isTrue();
    assertThat(marker).exists();
  }
}
