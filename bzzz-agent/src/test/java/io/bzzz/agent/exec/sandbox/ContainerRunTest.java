package io.bzzz.agent.exec.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.AgentConfigLoader;
import io.bzzz.agent.exec.ExecutionResult;
import io.bzzz.agent.exec.ExecutionResult.Outcome;
import io.bzzz.agent.exec.Executor;
import io.bzzz.agent.exec.TaskDetails;
import io.bzzz.agent.runtime.ExecutorFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real tasks through the real executors with {@code --sandbox container}, against a stand-in for
 * the podman and docker clients ({@code fake-engine.sh}): it checks the arguments the way the real
 * clients do (exit 125 for an unknown flag, a missing image, a bad mount), records them, and runs
 * the command in the mounted workspace as a process outside the client's tree, as a container is.
 * What it cannot show is the isolation itself (namespaces, no network, the uid): that needs a real
 * engine.
 */
class ContainerRunTest {
  static final String IMAGE = "registry.test/bzzz/runner:1";

  @TempDir Path tmp;
  Path bin;
  Path ws;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() throws IOException {
    bin = Files.createDirectories(tmp.resolve("bin"));
    ws = Files.createDirectories(tmp.resolve("ws"));
    Files.createDirectories(bin.resolve("state"));
    Files.writeString(bin.resolve("state").resolve("images"), IMAGE + "\n");
  }

  @AfterEach
  void tearDown() {
    http.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"podman", "docker"})
  void aScriptTaskRunsInTheMountedWorkspaceAndItsExitCodeCounts(String engine) throws Exception {
    install(engine);
    Executor executor = executor();

    ExecutionResult ok =
        executor.execute(
            task("printf 'made in the box\\n' > box.txt\nprintf 'cwd=%s\\n' \"$(pwd)\""), ws);

    assertThat(ok.outcome())
        .as(ok.reason() + "\n" + ok.outputExcerpt())
        .isEqualTo(Outcome.SUCCEEDED);
    assertThat(ws.resolve("box.txt")).hasContent("made in the box");
    assertThat(ok.outputExcerpt()).contains("cwd=" + ws);
    List<String> run = taskRuns().getFirst();
    String relabel = engine.equals("podman") ? ",Z" : "";
    assertThat(run.getFirst()).isEqualTo("run");
    assertThat(run)
        .containsSequence("--network", "none")
        .containsSequence("--cap-drop", "ALL")
        .containsSequence("--security-opt", "no-new-privileges")
        .contains("--read-only", "--rm")
        .containsSequence("-v", ws + ":" + ws + ":rw" + relabel)
        .containsSequence("-w", ws.toString())
        .contains(IMAGE);
    assertThat(run.subList(run.indexOf(IMAGE) + 1, run.size())).startsWith("sh", "-c");
    assertThat(run.subList(run.size() - 3, run.size())).startsWith("sh", "-e");

    ExecutionResult failed = executor.execute(task("echo about to fail\nexit 3"), ws);
    assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(failed.reason()).isEqualTo("the script exited with code 3");
  }

  @Test
  void aCommandTaskSeesItsVariablesButNotTheirValuesOnTheCommandLine() throws Exception {
    install("podman");
    Executor executor = executor("executor", "command", "command", "/usr/bin/env");
    String title = "$(touch pwned) `id` \"quoted\"";

    ExecutionResult r =
        executor.execute(
            new TaskDetails(
                "gitea",
                "demo/sample",
                7,
                title,
                "body",
                "alice",
                List.of("bzzz-task"),
                "http://127.0.0.1:3000/demo/sample/issues/7",
                "bzzz/task-7"),
            ws);

    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.outputExcerpt())
        .contains("BZZZ_TASK_TITLE=" + title)
        .contains("BZZZ_TASK_NUMBER=7")
        .doesNotContain("JAVA_HOME");
    assertThat(ws.resolve("pwned")).doesNotExist();
    List<String> run = taskRuns().getFirst();
    assertThat(run).containsSequence("-e", "BZZZ_TASK_TITLE").noneMatch(a -> a.contains("pwned"));
    assertThat(run).anyMatch(a -> a.endsWith(".json:ro,Z")); // the task file, read-only
  }

  @Test
  void theTimeLimitKillsTheClientAndRemovesTheContainer() throws Exception {
    install("docker");
    Executor executor = executor("executor-timeout", "2s");

    ExecutionResult r = executor.execute(task("echo $$ > pid.txt\nsleep 1000"), ws);

    assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(r.duration()).isLessThan(Duration.ofSeconds(30));
    List<List<String>> calls = calls();
    List<String> run = taskRuns().getFirst();
    String name = run.get(run.indexOf("--name") + 1);
    assertThat(calls).contains(List.of("rm", "-f", name));
    long pid = Long.parseLong(Files.readString(ws.resolve("pid.txt")).strip());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), a -> !a);
  }

  @Test
  void theOutputCapStillApplies() throws Exception {
    install("podman");
    Executor executor = executor("output-limit", "65536");

    ExecutionResult r =
        executor.execute(task("head -c 3000000 /dev/zero | tr '\\0' x\necho the end"), ws);

    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.outputExcerpt().length()).isLessThan(70_000);
    assertThat(r.outputExcerpt()).contains("bytes of output omitted").endsWith("the end\n");
  }

  @Test
  void anEngineErrorIsASandboxFailureNotATaskFailure() throws Exception {
    install("podman");
    Executor executor = executor("container-image", "registry.test/missing:0");

    ExecutionResult r = executor.execute(task("echo never runs > ran.txt"), ws);

    assertThat(r.outcome()).isEqualTo(Outcome.SANDBOX_FAILED);
    assertThat(r.wantsHelp()).isTrue(); // a peer may run it; the task is not labelled failed
    assertThat(r.reason())
        .contains("podman could not run the container (exit 125)")
        .contains("registry.test/missing:0: image not known");
    assertThat(ws.resolve("ran.txt")).doesNotExist();
  }

  @Test
  void aScriptThatItselfExits125IsTheTasksFailureNotTheEngines() throws Exception {
    install("podman");
    Executor executor = executor();

    ExecutionResult r = executor.execute(task("echo my own 125\nexit 125"), ws);

    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).isEqualTo("the script exited with code 125");
    assertThat(tmp.resolve("scratch").resolve("container-status")).isEmptyDirectory();
  }

  @Test
  void theStartUpProbeDropsALimitTheHostRefusesAndKeepsTheOthers() throws Exception {
    install("podman");
    Files.writeString(bin.resolve("state").resolve("refused"), "--memory\n");
    Executor executor = executor();

    ExecutionResult ok = executor.execute(task("echo ran > ran.txt"), ws);

    assertThat(ok.outcome())
        .as(ok.reason() + "\n" + ok.outputExcerpt())
        .isEqualTo(Outcome.SUCCEEDED);
    assertThat(ws.resolve("ran.txt")).hasContent("ran");
    List<String> run = taskRuns().getFirst();
    assertThat(run).doesNotContain("--memory").containsSequence("--pids-limit", "512");
    assertThat(run).containsSequence("--ulimit", "nofile=1024:1024");
  }

  @Test
  void anEngineThatDisappearedIsNamedInTheFailure() throws Exception {
    install("podman");
    Executor executor = executor();
    Files.delete(bin.resolve("podman"));

    ExecutionResult r = executor.execute(task("echo hi"), ws);

    assertThat(r.outcome()).isEqualTo(Outcome.SANDBOX_FAILED);
    assertThat(r.reason())
        .contains("the container engine " + bin.resolve("podman") + " cannot be started")
        .contains("install podman or docker, or run the agent with --sandbox none");
  }

  /** The stand-in is only worth something if it refuses what the real clients refuse. */
  @Test
  void theStandInRejectsWhatTheRealClientsReject() throws Exception {
    install("podman");
    String podman = bin.resolve("podman").toString();
    Path missing = tmp.resolve("missing");

    assertThat(exit(podman, "run", "--bogus", IMAGE, "true")).isEqualTo(125);
    assertThat(exit(podman, "run", "-w", ws.toString(), "-v", ws + ":" + ws)).isEqualTo(125);
    assertThat(exit(podman, "run", "-v", missing + ":" + missing, "-w", missing.toString(), IMAGE))
        .isEqualTo(125);
    assertThat(exit(podman, "run", "-v", ws + ":" + ws + ":ro", "-w", ws.toString(), IMAGE, "true"))
        .isEqualTo(125);
    assertThat(exit(podman, "run", "--network", "nowhere", IMAGE, "true")).isEqualTo(125);
    assertThat(
            exit(
                podman,
                "run",
                "-v",
                ws + ":" + ws,
                "-w",
                ws.toString(),
                IMAGE,
                "sh",
                "-c",
                "exit 4"))
        .isEqualTo(4);
  }

  private int exit(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    return p.waitFor();
  }

  private void install(String engine) throws IOException {
    Path target = bin.resolve(engine);
    try (InputStream in = getClass().getResourceAsStream("fake-engine.sh")) {
      Files.copy(in, target);
    }
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Executor executor(String... flagPairs) {
    Map<String, List<String>> flags = new HashMap<>();
    flags.put("tracker-url", List.of("http://127.0.0.1:3000"));
    flags.put("repo", List.of("demo/sample"));
    flags.put("sandbox", List.of("container"));
    flags.put("container-image", List.of(IMAGE));
    flags.put("trusted-author", List.of("alice"));
    for (int i = 0; i < flagPairs.length; i += 2) {
      flags.put(flagPairs[i], List.of(flagPairs[i + 1]));
    }
    AgentConfig config =
        AgentConfigLoader.load(Optional.empty(), Map.of("HOME", tmp.toString()), flags);
    return ExecutorFactory.create(
        config, tmp.resolve("scratch"), Map.of("PATH", bin.toString()), http);
  }

  private static TaskDetails task(String script) {
    return new TaskDetails(
            "gitea",
            "demo/sample",
            3,
            "A task",
            "Do it.\n\n```bzzz-script\n" + script + "\n```\n",
            "alice",
            List.of("bzzz-task"),
            "http://127.0.0.1:3000/demo/sample/issues/3",
            "bzzz/task-3")
        .withBodyEditors(List.of()); // posted by alice, never edited: the script is vouched for
  }

  /** The recorded runs of tasks, without the start-up probe's. */
  private List<List<String>> taskRuns() throws IOException {
    return calls().stream()
        .filter(c -> c.contains("run") && !c.get(c.indexOf("-w") + 1).contains("container-probe"))
        .toList();
  }

  /** Every recorded call's arguments, in order. */
  private List<List<String>> calls() throws IOException {
    List<List<String>> out = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String line : Files.readAllLines(bin.resolve("state").resolve("calls"))) {
      if (line.equals("--")) {
        out.add(List.copyOf(current));
        current.clear();
      } else {
        current.add(line);
      }
    }
    return out;
  }
}
