package io.bzzz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bzzz} as a child process, given bad input: each failure is one line on stderr,
 * {@code bzzz <command>: <what>: <why>}, exit 2 for a bad command line and 1 for a failure while
 * running; never a stack trace, never {@code null}, nothing on stdout.
 */
class CliErrorsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void aKeyOthersCanReadIsRefusedInOneLine() throws IOException {
    Path data = dir.resolve("data");
    assertThat(run(0, "id", "--data-dir", data.toString())).isEmpty();
    Path key = data.resolve("identity.key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    byte[] before = Files.readAllBytes(key);
    assertThat(run(1, "id", "--data-dir", data.toString()))
        .containsExactly(
            "bzzz id: identity key "
                + key
                + " is accessible by others (mode 0644); refusing to use it: run 'chmod 600 "
                + key
                + "'");
    assertThat(Files.readAllBytes(key)).isEqualTo(before); // kept, not replaced
  }

  @Test
  void aDataDirectoryThatIsAFileOrAKeyThatIsADirectoryIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThat(run(1, "id", "--data-dir", file.toString()))
        .containsExactly("bzzz id: " + file + " is not a directory");
    assertThat(run(1, "node", "--data-dir", file.toString(), "--no-mdns"))
        .containsExactly("bzzz node: " + file + " is not a directory");
    Path data = Files.createDirectories(dir.resolve("data/identity.key")).getParent();
    assertThat(run(1, "id", "--data-dir", data.toString()))
        .containsExactly(
            "bzzz id: identity key "
                + data.resolve("identity.key")
                + " is a directory, not a key file");
  }

  @Test
  void aBadNumberIsOneLineWithExitTwo() {
    assertThat(run(2, "ping", "/ip4/127.0.0.1/tcp/1", "--count", "x"))
        .containsExactly(
            "bzzz ping: invalid value for option '--count': 'x' is not a whole number;"
                + " see 'bzzz ping --help'");
    assertThat(run(2, "pubsub", "pub", "--topic", "t", "--wait-peers", "many"))
        .containsExactly(
            "bzzz pubsub pub: invalid value for option '--wait-peers': 'many' is not a whole"
                + " number; see 'bzzz pubsub pub --help'");
    assertThat(run(2, "agent", "--shutdown-grace", "soon"))
        .containsExactly(
            "bzzz agent: invalid value for option '--shutdown-grace': 'soon' is not a whole"
                + " number; see 'bzzz agent --help'");
    assertThat(
            run(
                2,
                "agent",
                "--tracker-url",
                "http://127.0.0.1:1",
                "--repo",
                "a/b",
                "--max-tasks",
                "x"))
        .containsExactly("bzzz agent: max_tasks (from --max-tasks): 'x': expected a whole number");
  }

  @Test
  void unknownCommandsAndOptionsAndMissingParameters() {
    assertThat(run(2, "nope"))
        .containsExactly("bzzz: unknown command 'nope' (did you mean 'node'?); see 'bzzz --help'");
    assertThat(run(2, "task", "lst"))
        .containsExactly(
            "bzzz task: unknown command 'lst' (did you mean 'list'?); see 'bzzz task --help'");
    assertThat(run(2, "id", "--bogus"))
        .containsExactly("bzzz id: unknown option: '--bogus'; see 'bzzz id --help'");
    assertThat(run(2, "ping"))
        .containsExactly("bzzz ping: missing required parameter: 'MA'; see 'bzzz ping --help'");
  }

  @Test
  void anUnreachableTrackerSaysConnectionRefusedAndAWideTokenFileIsWarnedAbout()
      throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Path token = Files.writeString(dir.resolve("wide.token"), "s3cr3t-token\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> err =
        run(
            1,
            "task",
            "list",
            "--tracker",
            "http://127.0.0.1:" + closed,
            "--repo",
            "a/b",
            "--token-file",
            token.toString());
    assertThat(err)
        .containsExactly(
            "bzzz task list: warning: token file "
                + token
                + " is accessible by others (mode 0644); run 'chmod 600 "
                + token
                + "'",
            "bzzz task list: GET /api/v1/repos/a/b/issues: no answer after 5 tries:"
                + " connection refused");
    assertThat(String.join("\n", err)).doesNotContain("s3cr3t");
    assertThat(
            run(
                2,
                "task",
                "list",
                "--tracker",
                "http://x",
                "--repo",
                "a/b",
                "--token-file",
                dir.toString()))
        .containsExactly("bzzz task list: cannot read token file " + dir + ": is a directory");
  }

  /** Runs {@code bzzz args}, checks the exit code and that stdout is empty; returns stderr. */
  private static List<String> run(int exitCode, String... args) {
    try (ChildProcess p = BzzzCli.start(args)) {
      assertThat(p.awaitExit(TIMEOUT)).as(p.describe()).isEqualTo(exitCode);
      List<String> err = p.stderrLines();
      assertThat(err)
          .as(p.describe())
          .noneSatisfy(l -> assertThat(l).containsAnyOf("null", "\tat ", "Exception"));
      if (exitCode != 0) {
        assertThat(p.stdoutLines()).as(p.describe()).isEmpty();
      }
      return err;
    }
  }
}
