package io.bzzz.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.log.LogOptions;
import io.bzzz.log.LogVerifier;
import io.bzzz.log.SignedLog;
import io.bzzz.log.replication.LogRegistry;
import io.bzzz.log.replication.LogReplicationService;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.testing.ChildProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bzzz log replicate} against a Java host serving a log over /bzzz/log/1.0.0. */
class LogReplicateCommandTest {
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  @TempDir Path tmp;
  BasicHost host;
  SignedLog author;
  LogReplicationService service;

  @BeforeEach
  void serve() throws Exception {
    host =
        BasicHost.start(
            HostConfig.builder(PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .build());
    author =
        SignedLog.create(
            tmp.resolve("author"), KeyMode.MANIFEST, PrivateKey.generate(), LogOptions.NO_FSYNC);
    for (int i = 0; i < 42; i++) {
      author.append(("line " + i).getBytes(StandardCharsets.UTF_8));
    }
    LogRegistry registry = new LogRegistry();
    registry.register(author);
    service = new LogReplicationService(host, registry);
  }

  @AfterEach
  void stop() {
    service.close();
    host.close();
    author.close();
  }

  String address() {
    return host.listenAddresses().getFirst().withPeerId(host.peerId()).toString();
  }

  @Test
  void fetchesAndVerifiesALog() throws Exception {
    Path replica = tmp.resolve("replica");
    try (ChildProcess p =
        BzzzCli.start(
            "log",
            "replicate",
            "--data-dir",
            tmp.resolve("home").toString(),
            "--key",
            HexFormat.of().formatHex(author.key()),
            "--from",
            address(),
            "--dir",
            replica.toString())) {
      assertThat(p.awaitExit(TIMEOUT)).as(p.describe()).isZero();
      JsonNode result = new ObjectMapper().readTree(p.stdoutLines().getLast());
      assertThat(result.get("length").asLong()).isEqualTo(42);
      assertThat(result.get("blocks").asLong()).isEqualTo(42);
    }
    assertThat(LogVerifier.verify(replica).ok()).isTrue();
    try (SignedLog copy = SignedLog.open(replica)) {
      assertThat(copy.head()).isEqualTo(author.head());
    }
  }

  @Test
  void liveFollowsAppends() {
    try (ChildProcess p =
        BzzzCli.start(
            "log",
            "replicate",
            "--data-dir",
            tmp.resolve("home").toString(),
            "--key",
            HexFormat.of().formatHex(author.key()),
            "--from",
            address(),
            "--dir",
            tmp.resolve("replica").toString(),
            "--live")) {
      p.awaitLine("{\"length\":42}"::equals, TIMEOUT);
      author.append("more".getBytes(StandardCharsets.UTF_8));
      p.awaitLine("{\"length\":43}"::equals, TIMEOUT);
      p.terminate();
      p.awaitExit(TIMEOUT);
    }
  }

  @Test
  void aWrongKeyIsRefused() {
    try (ChildProcess p =
        BzzzCli.start(
            "log",
            "replicate",
            "--data-dir",
            tmp.resolve("home").toString(),
            "--key",
            "00".repeat(32),
            "--from",
            address(),
            "--dir",
            tmp.resolve("replica").toString())) {
      assertThat(p.awaitExit(TIMEOUT)).isEqualTo(1);
      assertThat(p.stderrLines()).anyMatch(l -> l.contains("log not found"));
    }
  }
}
