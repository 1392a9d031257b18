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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Script tasks through the real executors in a real podman (with runc when it is installed), on an
 * image built locally by {@link LocalBaseImage}: what the stand-in of {@link ContainerRunTest}
 * cannot show, the isolation itself.
 */
@Tag("container")
class ContainerEngineTest {
  private static final String TOKEN = "agent-secret-4711";

  @TempDir static Path home;
  static String image;
  static final HttpClient http = HttpClient.newHttpClient();
  static Executor executor;

  Path ws;

  @BeforeAll
  static void image() throws Exception {
    image = LocalBaseImage.ensure();
    executor = executor();
  }

  @AfterAll
  static void close() {
    http.close();
  }

  @BeforeEach
  void workspace() throws IOException {
    // the agent's own directory: the container runs as its owner (root here, without capabilities)
    ws = Files.createTempDirectory(home, "ws-");
  }

  @Test
  void aScriptWritesIntoTheWorkspaceAsItsOwnerAndItsExitCodeCounts() throws Exception {
    ExecutionResult ok = executor.execute(task("echo made in the box > box.txt\nid -u"), ws);

    assertThat(ok.outcome())
        .as(ok.reason() + "\n" + ok.outputExcerpt())
        .isEqualTo(Outcome.SUCCEEDED);
    assertThat(ws.resolve("box.txt")).hasContent("made in the box");
    Object owner = Files.getAttribute(ws, "unix:uid");
    assertThat(Files.getAttribute(ws.resolve("box.txt"), "unix:uid")).isEqualTo(owner);
    assertThat(ok.outputExcerpt()).contains(owner + "\n");

    ExecutionResult three = executor.execute(task("exit 3"), ws);
    assertThat(three.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(three.reason()).isEqualTo("the script exited with code 3");

    // the engine's own codes, when the script itself uses them, stay the script's
    for (int code : List.of(125, 126, 127)) {
      ExecutionResult own = executor.execute(task("exit " + code), ws);
      assertThat(own.outcome()).as(own.reason()).isEqualTo(Outcome.FAILED);
      assertThat(own.reason()).isEqualTo("the script exited with code " + code);
    }
    assertThat(home.resolve("scratch").resolve("container-status")).isEmptyDirectory();
  }

  @Test
  void anImageTheEngineDoesNotHaveIsASandboxFailure() throws Exception {
    Executor missing = executor("container-image", "localhost/bzzz-test-missing:0");

    ExecutionResult r = missing.execute(task("echo never > ran.txt"), ws);

    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SANDBOX_FAILED);
    assertThat(r.reason()).contains("podman could not run the container (exit 125)");
    assertThat(ws.resolve("ran.txt")).doesNotExist();
  }

  @Test
  void theTimeLimitKillsTheContainerAndRemovesIt() throws Exception {
    Executor quick = executor("executor-timeout", "3s");

    ExecutionResult r = quick.execute(task("echo started\nsleep 1000"), ws);

    assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(r.duration()).isLessThan(Duration.ofSeconds(30));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> podman("ps", "-a", "--format", "{{.Names}}"), names -> !names.contains("bzzz-"));
  }

  @Test
  void theOutputCapApplies() throws Exception {
    Executor capped = executor("output-limit", "65536");

    ExecutionResult r =
        capped.execute(task("head -c 3000000 /dev/zero | tr '\\0' x\necho the end"), ws);

    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.outputExcerpt().length()).isLessThan(70_000);
    assertThat(r.outputExcerpt()).contains("bytes of output omitted").endsWith("the end\n");
  }

  @Test
  void theRootIsReadOnlyTmpIsPrivateAndNothingOfTheAgentIsVisible() throws Exception {
    Path dataMarker = Files.writeString(home.resolve("data-marker"), "agent data");
    Path tmpMarker = Files.createTempFile("bzzz-host-tmp-", ".marker");
    try {
      String script =
          String.join(
              "\n",
              "if touch /usr/x 2>/dev/null; then echo usr=writable; else echo usr=read-only; fi",
              "echo scratch > /tmp/own && echo tmp=writable",
              "if [ -e "
                  + tmpMarker
                  + " ]; then echo hosttmp=visible; else echo hosttmp=absent; fi",
              "if cat "
                  + dataMarker
                  + " 2>/dev/null; then echo data=visible; else echo data=absent; fi",
              "echo token=${BZZZ_TOKEN:-unset}");

      ExecutionResult r = executor.execute(task(script), ws);

      assertThat(r.outcome())
          .as(r.reason() + "\n" + r.outputExcerpt())
          .isEqualTo(Outcome.SUCCEEDED);
      assertThat(r.outputExcerpt())
          .contains("usr=read-only", "tmp=writable", "hosttmp=absent", "data=absent")
          .contains("token=unset")
          .doesNotContain(TOKEN, "agent data");
      ExecutionResult next = executor.execute(task("test ! -e /tmp/own"), ws);
      assertThat(next.outcome()).as("/tmp is fresh per run").isEqualTo(Outcome.SUCCEEDED);
      // the command executor's variables arrive by name; the agent's token does not
      ExecutionResult env =
          executor("executor", "command", "command", "/usr/bin/env").execute(task("-"), ws);
      assertThat(env.outcome()).as(env.reason()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(env.outputExcerpt())
          .contains("BZZZ_TASK_TITLE=A task")
          .doesNotContain("BZZZ_TOKEN", TOKEN);
    } finally {
      Files.deleteIfExists(tmpMarker);
    }
  }

  @Test
  void theContainerReachesNoHostPort() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!server.isClosed()) {
                      try (Socket s = server.accept()) {
                        accepted.incrementAndGet();
                      } catch (IOException e) {
                        return;
                      }
                    }
                  });
      String hostIp = routableAddress();
      String connect =
          "exec 3<>/dev/tcp/%s/"
              + server.getLocalPort()
              + " && echo %s=connected || echo %s=refused";
      String script =
          String.join(
              "\n",
              "bash -c '"
                  + connect.formatted("127.0.0.1", "loopback", "loopback")
                  + "' 2>/dev/null",
              "bash -c '" + connect.formatted(hostIp, "host", "host") + "' 2>/dev/null",
              "ls /sys/class/net");

      // control: the same script on the host does connect
      ExecutionResult onHost = executor("sandbox", "none").execute(task(script), ws);
      assertThat(onHost.outputExcerpt()).contains("host=connected");
      await().atMost(Duration.ofSeconds(5)).until(accepted::get, n -> n >= 1);
      int before = accepted.get();

      ExecutionResult r = executor.execute(task(script), ws);

      assertThat(r.outcome())
          .as(r.reason() + "\n" + r.outputExcerpt())
          .isEqualTo(Outcome.SUCCEEDED);
      assertThat(r.outputExcerpt()).contains("loopback=refused", "host=refused");
      assertThat(r.outputExcerpt().lines().filter(l -> !l.contains("=")).toList())
          .as("only the loopback interface")
          .containsExactly("lo");
      assertThat(accepted.get()).isEqualTo(before);
      server.close();
      acceptor.join();
    }
  }

  private static String routableAddress() throws IOException {
    return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
        .filter(
            i -> {
              try {
                return i.isUp() && !i.isLoopback();
              } catch (IOException e) {
                return false;
              }
            })
        .flatMap(i -> i.inetAddresses())
        .filter(a -> a instanceof java.net.Inet4Address)
        .map(InetAddress::getHostAddress)
        .findFirst()
        .orElse("127.0.0.1");
  }

  private static String podman(String... args) throws Exception {
    Process p =
        new ProcessBuilder(
                java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("podman"), java.util.stream.Stream.of(args))
                    .toList())
            .redirectErrorStream(true)
            .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    p.waitFor();
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Executor executor(String... flagPairs) throws IOException {
    Map<String, List<String>> flags = new HashMap<>();
    flags.put("tracker-url", List.of("http://127.0.0.1:3000"));
    flags.put("repo", List.of("demo/sample"));
    flags.put("sandbox", List.of("container"));
    flags.put("container-image", List.of(image));
    flags.put("trusted-author", List.of("alice"));
    if (Files.isExecutable(Path.of("/usr/bin/runc"))
        || Files.isExecutable(Path.of("/usr/sbin/runc"))) {
      flags.put("container-runtime", List.of("runc"));
    }
    for (int i = 0; i < flagPairs.length; i += 2) {
      flags.put(flagPairs[i], List.of(flagPairs[i + 1]));
    }
    AgentConfig config =
        AgentConfigLoader.load(Optional.empty(), Map.of("HOME", home.toString()), flags);
    // the agent's own environment, with a secret the task must not see
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("BZZZ_TOKEN", TOKEN);
    return ExecutorFactory.create(config, home.resolve("scratch"), env, http);
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
}
