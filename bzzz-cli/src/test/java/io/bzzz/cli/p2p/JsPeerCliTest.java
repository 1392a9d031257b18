package io.bzzz.cli.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI against a js-libp2p peer: {@code bzzz ping} to js, js to {@code bzzz node}. */
@Tag("interop")
class JsPeerCliTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void bzzzPingsAJsPeer() {
    try (ChildProcess js = ChildProcess.node("js-peer.mjs")) {
      String address = js.awaitLineStartingWith("listen ", TIMEOUT).substring("listen ".length());
      try (ChildProcess ping = BzzzCli.start("ping", address, "--count", "2", "--interval", "50")) {
        assertThat(ping.awaitExit(TIMEOUT)).as(ping.describe()).isZero();
        assertThat(ping.stdoutLines()).hasSize(2).allSatisfy(l -> assertThat(l).contains(" ms"));
      }
    }
  }

  @Test
  void jsPingsABzzzNodeThatThenExitsCleanly() {
    try (ChildProcess node =
            BzzzCli.start(
                "node", "--data-dir", dir.toString(), "--listen", "/ip4/127.0.0.1/tcp/0");
        ChildProcess js = ChildProcess.node("js-peer.mjs")) {
      String address = node.awaitLineStartingWith("/ip4/127.0.0.1/tcp/", TIMEOUT);
      js.awaitLine("ready"::equals, TIMEOUT);
      js.writeLine("ping " + address + " 3");
      String reply = js.awaitLine(l -> l.startsWith("{\"cmd\":\"ping\""), TIMEOUT);
      assertThat(reply).contains("\"ok\":true");
      node.terminate();
      assertThat(node.awaitExit(TIMEOUT)).as(node.describe()).isZero();
      js.awaitLine(l -> l.contains("\"event\":\"disconnect\""), TIMEOUT);
    }
  }

  @Test
  void pingReportsAPeerWithoutThePingProtocol() {
    try (ChildProcess js = ChildProcess.node("js-peer.mjs", "--no-ping")) {
      String address = js.awaitLineStartingWith("listen ", TIMEOUT).substring("listen ".length());
      try (ChildProcess ping = BzzzCli.start("ping", address)) {
        assertThat(ping.awaitExit(TIMEOUT)).isNotZero();
        assertThat(ping.stderrLines())
            .as(ping.describe())
            .last()
            .asString()
            .isEqualTo(
                "bzzz ping: protocol not supported: the peer does not speak /ipfs/ping/1.0.0");
      }
    }
  }
}
