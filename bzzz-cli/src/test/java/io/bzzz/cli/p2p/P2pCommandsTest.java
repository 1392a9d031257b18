package io.bzzz.cli.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.testing.ChildProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bzzz id}, {@code bzzz node} and {@code bzzz ping} as real child processes. */
class P2pCommandsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void idCreatesTheKeyOnceWithOwnerOnlyModeAndReusesIt() throws IOException {
    Path data = dir.resolve("data");
    String first = runToEnd("id", "--data-dir", data.toString()).getLast();
    String second = runToEnd("id", "--data-dir", data.toString()).getLast();
    assertThat(first).startsWith("12D3KooW").isEqualTo(second);
    assertThat(PeerId.parse(first).toBase58()).isEqualTo(first);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("identity.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void corruptKeyIsAnErrorNamingTheFileAndIsKept() throws IOException {
    Path key = dir.resolve("identity.key");
    Files.write(key, new byte[] {1, 2, 3});
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    try (ChildProcess id = BzzzCli.start("id", "--data-dir", dir.toString())) {
      assertThat(id.awaitExit(TIMEOUT)).isNotZero();
      assertThat(id.stderrLines())
          .singleElement()
          .asString()
          .startsWith("bzzz id: identity key file " + key + " is corrupt (")
          .endsWith("); move it away to create a new identity");
    }
    assertThat(Files.readAllBytes(key)).containsExactly(1, 2, 3);
  }

  @Test
  void nodePrintsItsAddressesAnswersPingsAndExitsZeroOnSigterm() {
    try (ChildProcess node = startNode()) {
      String address = node.awaitLineStartingWith("/ip4/127.0.0.1/tcp/", TIMEOUT);
      assertThat(address).contains("/p2p/12D3KooW");

      try (ChildProcess ping = BzzzCli.start("ping", address, "--count", "3", "--interval", "50")) {
        assertThat(ping.awaitExit(TIMEOUT)).as(ping.describe()).isZero();
        assertThat(ping.stdoutLines())
            .hasSize(3)
            .allSatisfy(
                l -> assertThat(l).matches("pong from 12D3KooW\\w+: seq=\\d time=[0-9.]+ ms"));
      }
      node.terminate();
      assertThat(node.awaitExit(TIMEOUT)).as(node.describe()).isZero();
    }
  }

  @Test
  void pingFailsWithOneLineReasons() throws IOException {
    try (ChildProcess node = startNode()) {
      String address = node.awaitLineStartingWith("/ip4/127.0.0.1/tcp/", TIMEOUT);
      String otherId = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";
      String wrongPeer = address.substring(0, address.indexOf("/p2p/")) + "/p2p/" + otherId;
      assertPingFails(wrongPeer, "peer id mismatch: dialled " + otherId);
    }
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    assertPingFails("/ip4/127.0.0.1/tcp/" + closedPort, "connection refused");
    // a listener that accepts and never says a word
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ChildProcess ping =
            BzzzCli.start(
                "ping", "/ip4/127.0.0.1/tcp/" + silent.getLocalPort(), "--timeout", "2")) {
      try (Socket accepted = silent.accept()) {
        assertThat(ping.awaitExit(TIMEOUT)).isNotZero();
        assertThat(ping.stderrLines()).last().asString().startsWith("bzzz ping: timeout");
      }
    }
  }

  private static void assertPingFails(String address, String reason) {
    try (ChildProcess ping = BzzzCli.start("ping", address, "--timeout", "20")) {
      assertThat(ping.awaitExit(TIMEOUT)).isNotZero();
      assertThat(ping.stdoutLines()).isEmpty();
      assertThat(ping.stderrLines())
          .as(ping.describe())
          .last()
          .asString()
          .startsWith("bzzz ping: " + reason);
    }
  }

  private ChildProcess startNode() {
    return BzzzCli.start(
        "node", "--data-dir", dir.resolve("node").toString(), "--listen", "/ip4/127.0.0.1/tcp/0");
  }

  private List<String> runToEnd(String... args) {
    try (ChildProcess p = BzzzCli.start(args)) {
      assertThat(p.awaitExit(TIMEOUT)).as(p.describe()).isZero();
      return p.stdoutLines();
    }
  }
}
