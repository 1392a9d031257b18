package io.bzzz.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.testing.RepoRoot;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/Containerfile and deploy/compose/compose.yaml with a real engine: podman builds the image
 * from locally made base images (no registry here), podman-compose runs the tracker, the seed job
 * and three agents on the host network; the demo's six tasks end (5 done, 1 failed); the health
 * check turns healthy; SIGTERM to an agent gives a goodbye that its peers act on and exit code 0.
 */
@Tag("container")
class ContainerDeploymentIT {
  private static final String BASE = "localhost/bzzz-test-bookworm:1";
  private static final String IMAGE = "localhost/bzzz-test:deploy";
  private static final String PROJECT = "bzzzit";
  private static final Path ROOT = RepoRoot.path();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path tmp;
  private static Map<String, String> env;
  private static List<String> compose;

  @BeforeAll
  static void buildImage() throws Exception {
    DeploymentFilesTest.requireTool("podman", "apt-get install podman runc");
    DeploymentFilesTest.requireTool("podman-compose", "apt-get install podman-compose");
    assertThat(ROOT.resolve("bzzz-cli/target/bzzz.jar")).as("packaged CLI").exists();
    // podman 4.3 here: runc, and explicit ulimits (the defaults exceed what this host allows)
    Path conf = tmp.resolve("containers.conf");
    Files.writeString(
        conf,
        """
        [containers]
        default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
        [engine]
        runtime = "runc"
        """);
    env = new HashMap<>(Map.of("CONTAINERS_CONF", conf.toString()));
    if (run(Duration.ofSeconds(30), "podman", "image", "exists", BASE).exit() != 0) {
      Path rootfs = tmp.resolve("rootfs");
      ok(Duration.ofMinutes(5), "debootstrap", "--variant=minbase", "bookworm", rootfs.toString());
      ok(Duration.ofMinutes(2), "sh", "-c", "tar -C " + rootfs + " -c . | podman import - " + BASE);
    }
    String jdk = jdkImage();
    long start = System.nanoTime();
    ok(
        Duration.ofMinutes(6),
        "podman",
        "build",
        "--format",
        "docker",
        "-f",
        "deploy/Containerfile",
        "--build-arg",
        "JDK_IMAGE=" + jdk,
        "--build-arg",
        "BASE_IMAGE=" + BASE,
        "-t",
        IMAGE,
        ".");
    System.err.printf(
        "ContainerDeploymentIT: image built in %d s; %s%n",
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
        ok(
                Duration.ofSeconds(30),
                "podman",
                "history",
                "--format",
                "{{.Size}} {{.CreatedBy}}",
                IMAGE)
            .lines()
            .limit(16)
            .filter(l -> l.contains("COPY"))
            .toList());
  }

  /** The host's JDK in a local image (cached by its version): the build's jlink stage runs it. */
  private static String jdkImage() throws Exception {
    String tag = "localhost/bzzz-test-jdk:" + Runtime.version().toString().replace('+', '_');
    if (run(Duration.ofSeconds(30), "podman", "image", "exists", tag).exit() == 0) {
      return tag;
    }
    Path javaHome = Path.of(System.getProperty("java.home"));
    // Debian's JDKs link cacerts to /etc/ssl: copy the file itself
    Path cacerts = javaHome.resolve("lib/security/cacerts").toRealPath();
    Path file = tmp.resolve("Containerfile.jdk");
    Files.writeString(
        file,
        "FROM "
            + BASE
            + "\nCOPY --from=jdk . /opt/jdk\nRUN rm -f /opt/jdk/lib/security/cacerts\n"
            + "COPY --from=certs "
            + cacerts.getFileName()
            + " /opt/jdk/lib/security/cacerts\n"
            + "ENV JAVA_HOME=/opt/jdk PATH=/opt/jdk/bin:/usr/sbin:/usr/bin:/sbin:/bin\n");
    ok(
        Duration.ofMinutes(4),
        "podman",
        "build",
        "-f",
        file.toString(),
        "--build-context",
        "jdk=" + javaHome,
        "--build-context",
        "certs=" + cacerts.getParent(),
        "-t",
        tag,
        tmp.toString());
    return tag;
  }

  @Test
  void composeScenarioEndsEveryTaskAndAnAgentLeavesWithAGoodbye() throws Exception {
    int[] ports = freePorts(7);
    env.put("BZZZ_IMAGE", IMAGE);
    // the admin token secret, as docs/deploy.md makes it: the image's user alone can read it
    Path secret = tmp.resolve("tracker.token");
    Files.writeString(secret, HexFormat.of().formatHex(new SecureRandom().generateSeed(32)));
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("r--------"));
    Files.setOwner(
        secret,
        secret.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("10001"));
    env.put("BZZZ_TOKEN_SECRET", secret.toString());
    env.put("BZZZ_TRACKER_PORT", String.valueOf(ports[0]));
    for (int i = 1; i <= 3; i++) {
      env.put("BZZZ_AGENT" + i + "_HTTP", String.valueOf(ports[i]));
      env.put("BZZZ_AGENT" + i + "_P2P", String.valueOf(ports[3 + i]));
    }
    Path shim =
        RepoRoot.path().resolve("bzzz-cli/src/test/resources/deploy/podman-compose-host-net");
    compose =
        List.of(
            "podman-compose",
            "--podman-path",
            shim.toString(),
            "-p",
            PROJECT,
            "-f",
            "deploy/compose/compose.yaml");
    ok(Duration.ofMinutes(3), cmd("up", "-d"));

    // every task ends: 4 script tasks + the demo-gpu one done, the impossible one failed
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(3))
        .ignoreExceptionsInstanceOf(IOException.class) // agents wait for the seed job first
        .untilAsserted(
            () -> {
              assertThat(sum(ports, "bzzz_tasks_completed_total")).isEqualTo(5);
              assertThat(sum(ports, "bzzz_tasks_failed_total")).isEqualTo(1);
            });
    for (int i = 1; i <= 3; i++) {
      assertThat(metric(ports[i], "bzzz_peers")).as("agent-%d peers", i).isEqualTo(2);
    }
    // the demo-gpu task can only have been done by agent-3
    assertThat(metric(ports[3], "bzzz_tasks_completed_total")).isGreaterThanOrEqualTo(1);

    String agent1 = PROJECT + "_agent-1_1";
    ok(Duration.ofSeconds(30), "podman", "healthcheck", "run", agent1);
    assertThat(
            ok(
                Duration.ofSeconds(30),
                "podman",
                "inspect",
                agent1,
                "--format",
                "{{.State.Health.Status}} {{.Config.User}}"))
        .isEqualTo("healthy 10001:10001");

    ok(Duration.ofSeconds(60), "podman", "stop", "-t", "45", agent1);
    assertThat(
            ok(
                Duration.ofSeconds(30),
                "podman",
                "inspect",
                agent1,
                "--format",
                "{{.State.ExitCode}}"))
        .isEqualTo("0");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(ok(Duration.ofSeconds(30), "podman", "logs", PROJECT + "_agent-2_1"))
                    .containsPattern("peer_left .*reason=\"goodbye\""));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(metric(ports[2], "bzzz_peers")).isEqualTo(1));
  }

  /**
   * The image starts the CLI from the class-data-sharing archive made at build time (its own
   * classes are mapped from it, not read from the jar), as the non-root user.
   */
  @Test
  void theImageStartsFromItsClassDataSharingArchive() throws Exception {
    String out =
        ok(
            Duration.ofSeconds(60),
            "podman",
            "run",
            "--rm",
            "-e",
            "BZZZ_JAVA_OPTS=-Xlog:class+load=info",
            IMAGE,
            "--version");
    assertThat(out)
        .contains("io.bzzz.cli.Bzzz source: shared objects file (top)")
        .containsPattern("(?m)^bzzz \\S+$")
        .doesNotContain("[error")
        .doesNotContain("[warning][cds]");
  }

  @AfterAll
  static void down() throws Exception {
    if (compose != null) {
      run(Duration.ofMinutes(3), cmd("down", "-v"));
      run(Duration.ofSeconds(30), "podman", "network", "rm", "-f", PROJECT + "_default");
    }
  }

  private static String[] cmd(String... args) {
    List<String> all = new ArrayList<>(compose);
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  private static long sum(int[] ports, String name) throws Exception {
    long total = 0;
    for (int i = 1; i <= 3; i++) {
      total += metric(ports[i], name);
    }
    return total;
  }

  private static long metric(int port, String name) throws Exception {
    String body =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = Pattern.compile("(?m)^" + name + " (\\d+)(?:\\.0)?$").matcher(body);
    assertThat(m.find()).as("%s in /metrics", name).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        held.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return ports;
  }

  private static String ok(Duration limit, String... command) throws Exception {
    DeploymentFilesTest.Result r = run(limit, command);
    assertThat(r.exit()).as("%s:%n%s", String.join(" ", command), r.output()).isZero();
    return r.output().strip();
  }

  private static DeploymentFilesTest.Result run(Duration limit, String... command)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
    pb.environment().putAll(env);
    Path log = Files.createTempFile(tmp, "cmd", ".log");
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(String.join(" ", command) + " took over " + limit);
    }
    String out =
        Files.readString(log, StandardCharsets.UTF_8)
            .lines()
            // podman without systemd as PID 1 cannot schedule health check timers: noise here
            .filter(l -> !l.contains("unable to get systemd connection"))
            .reduce("", (a, b) -> a + b + "\n");
    return new DeploymentFilesTest.Result(p.exitValue(), out);
  }
}
