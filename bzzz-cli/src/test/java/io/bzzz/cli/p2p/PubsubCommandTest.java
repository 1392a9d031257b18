package io.bzzz.cli.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bzzz pubsub sub} and {@code pub} as real processes over loopback. */
class PubsubCommandTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void pubReachesSubAndEachStdinLineIsOneMessage(@TempDir Path dir) throws IOException {
    String id = peerId(dir.resolve("sub"));
    int port = freePort();
    String address = "/ip4/127.0.0.1/tcp/" + port + "/p2p/" + id;
    try (ChildProcess sub =
        BzzzCli.start(
            "pubsub",
            "sub",
            "--topic",
            "chat",
            "--no-mdns",
            "--listen",
            "/ip4/127.0.0.1/tcp/" + port,
            "--data-dir",
            dir.resolve("sub").toString())) {
      try (ChildProcess pub =
          BzzzCli.start(
              "pubsub",
              "pub",
              "--topic",
              "chat",
              "--message",
              "hello \"bzzz\"",
              "--no-mdns",
              "--listen",
              "/ip4/127.0.0.1/tcp/0",
              "--bootstrap",
              address,
              "--timeout",
              "50",
              "--data-dir",
              dir.resolve("pub").toString())) {
        assertThat(pub.awaitExit(WAIT)).as(pub.describe()).isZero();
      }
      String line = sub.awaitLine(l -> l.startsWith("{"), WAIT);
      assertThat(line).contains("\"topic\":\"chat\"", "\"data\":\"hello \\\"bzzz\\\"\"");
      assertThat(line).containsPattern("\"seqno\":\"\\d+\"").contains("\"from\":\"12D3KooW");

      try (ChildProcess pub =
          BzzzCli.start(
              "pubsub",
              "pub",
              "--topic",
              "chat",
              "--no-mdns",
              "--listen",
              "/ip4/127.0.0.1/tcp/0",
              "--bootstrap",
              address,
              "--data-dir",
              dir.resolve("pub").toString())) {
        pub.writeLine("one");
        pub.writeLine("two");
        pub.closeStdin();
        assertThat(pub.awaitExit(WAIT)).as(pub.describe()).isZero();
      }
      assertThat(sub.awaitLine(l -> l.contains("\"data\":\"one\""), WAIT)).isNotEmpty();
      assertThat(sub.awaitLine(l -> l.contains("\"data\":\"two\""), WAIT)).isNotEmpty();
    }
  }

  @Test
  void pubFailsWithAReasonWhenNoPeerJoins(@TempDir Path dir) {
    try (ChildProcess pub =
        BzzzCli.start(
            "pubsub",
            "pub",
            "--topic",
            "lonely",
            "--message",
            "x",
            "--no-mdns",
            "--listen",
            "/ip4/127.0.0.1/tcp/0",
            "--timeout",
            "1",
            "--data-dir",
            dir.toString())) {
      assertThat(pub.awaitExit(WAIT)).isNotZero();
      List<String> err = pub.stderrLines();
      assertThat(String.join("\n", err)).contains("no peer joined topic lonely within 1 s");
    }
  }

  private static String peerId(Path dataDir) {
    try (ChildProcess id = BzzzCli.start("id", "--data-dir", dataDir.toString())) {
      assertThat(id.awaitExit(WAIT)).isZero();
      List<String> out = id.stdoutLines();
      return out.get(out.size() - 1).trim();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
