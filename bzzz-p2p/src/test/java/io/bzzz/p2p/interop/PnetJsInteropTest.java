package io.bzzz.p2p.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.p2p.Connection;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.host.MeshAccess;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.protocol.ping.PingService;
import io.bzzz.p2p.security.pnet.SwarmKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private networks against js-libp2p 2.10 with {@code @libp2p/pnet} ({@code interop/pnet-peer.mjs})
 * and the same {@code swarm.key} file: Java dials js and js dials Java; with another key neither
 * direction connects.
 */
@Tag("interop")
class PnetJsInteropTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  @TempDir Path dir;
  private final List<AutoCloseable> owned = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : owned.reversed()) {
      c.close();
    }
  }

  private Path keyFile(String name) throws IOException {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    Path file = dir.resolve(name);
    Files.writeString(file, SwarmKey.format(k));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private BasicHost java(Path key) throws IOException {
    BasicHost h =
        BasicHost.start(
            HostConfig.builder(PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .access(MeshAccess.open().withSwarmKey(Optional.of(SwarmKey.load(key))))
                .build());
    owned.add(h);
    return h;
  }

  private JsPeer js(Path key) {
    JsPeer p = JsPeer.startScript("pnet-peer.mjs", "--psk", key.toString());
    owned.add(p);
    return p;
  }

  @Test
  void javaDialsJsAndJsDialsJavaWithTheSameKey() throws Exception {
    Path key = keyFile("swarm.key");
    BasicHost host = java(key);
    JsPeer peer = js(key);

    Connection c = host.connect(peer.address());
    try (PingService.Session s = PingService.open(c, new Random())) {
      assertThat(s.ping()).isPositive();
    }
    c.close();
    await().atMost(TIMEOUT).until(() -> host.connection(peer.peerId()).isEmpty());

    Multiaddr ours = host.listenAddresses().get(0).withPeerId(host.peerId());
    JsonNode reply = peer.command("ping " + ours, TIMEOUT);
    assertThat(reply.path("ok").asBoolean()).as(reply.toString()).isTrue();
    assertThat(host.connection(peer.peerId())).isPresent();
  }

  @Test
  void anotherKeyFailsBothWays() throws Exception {
    BasicHost host = java(keyFile("ours.key"));
    JsPeer peer = js(keyFile("theirs.key"));

    assertThatThrownBy(() -> host.connect(peer.address()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("private network handshake failed");
    Multiaddr ours = host.listenAddresses().get(0).withPeerId(host.peerId());
    JsonNode reply = peer.command("ping " + ours, TIMEOUT);
    assertThat(reply.path("ok").asBoolean()).as(reply.toString()).isFalse();
    assertThat(host.connections()).isEmpty();
  }
}
