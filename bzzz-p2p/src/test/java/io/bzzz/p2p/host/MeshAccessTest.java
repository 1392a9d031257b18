package io.bzzz.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bzzz.p2p.Connection;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.protocol.ping.PingService;
import io.bzzz.p2p.security.pnet.SwarmKey;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Private networks and the allow-list between real hosts on 127.0.0.1. */
class MeshAccessTest {
  private final List<BasicHost> hosts = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final List<Logger> loggers =
      List.of(
          (Logger) LoggerFactory.getLogger(BasicHost.class),
          (Logger) LoggerFactory.getLogger(Upgrader.class));
  private final SwarmKey key = randomKey();
  private final SwarmKey otherKey = randomKey();

  private static SwarmKey randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return SwarmKey.of(k);
  }

  @BeforeEach
  void captureLogs() {
    logs.start();
    loggers.forEach(
        l -> {
          l.addAppender(logs);
          l.setLevel(Level.INFO); // the rejection lines are at info
        });
  }

  @AfterEach
  void closeAll() {
    hosts.forEach(BasicHost::close);
    loggers.forEach(
        l -> {
          l.detachAppender(logs);
          l.setLevel(null);
        });
  }

  private BasicHost host(MeshAccess access) throws IOException {
    BasicHost h =
        BasicHost.start(
            HostConfig.builder(PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .dialTimeout(Duration.ofSeconds(10))
                .handshakeTimeout(Duration.ofSeconds(10))
                .access(access)
                .build());
    hosts.add(h);
    return h;
  }

  private static MeshAccess privateMesh(SwarmKey k) {
    return MeshAccess.open().withSwarmKey(Optional.of(k));
  }

  private static Multiaddr addressOf(BasicHost h) {
    return h.listenAddresses().get(0).withPeerId(h.peerId());
  }

  private static void ping(Connection c) throws IOException {
    try (PingService.Session s = PingService.open(c, new Random())) {
      assertThat(s.ping()).isPositive();
    }
  }

  private List<String> lines() {
    return logs.list.stream()
        .map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs())
        .toList();
  }

  @Test
  void peersWithTheSameKeyConnectAndPing() throws Exception {
    BasicHost a = host(privateMesh(key));
    BasicHost b = host(privateMesh(SwarmKey.parse(SwarmKey.format(keyBytes(key)))));
    ping(b.connect(addressOf(a)));
    ping(a.connect(addressOf(b)));
  }

  @Test
  void peersWithAnotherKeyOrNoneCannotConnectAndTheHostKeepsServing() throws Exception {
    BasicHost a = host(privateMesh(key));
    BasicHost stranger = host(privateMesh(otherKey));
    BasicHost open = host(MeshAccess.open());

    assertThatThrownBy(() -> stranger.connect(addressOf(a)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("private network handshake failed");
    assertThatThrownBy(() -> a.connect(addressOf(open))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> open.connect(addressOf(a))).isInstanceOf(IOException.class);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                lines().stream()
                    .anyMatch(
                        l ->
                            l.contains("inbound connection rejected")
                                && l.contains("does not use our swarm key " + key.fingerprint())));
    assertThat(a.connections()).isEmpty();
    assertThat(lines()).noneMatch(l -> l.contains(hex(keyBytes(key))));

    // a member still gets in afterwards
    BasicHost member = host(privateMesh(key));
    ping(member.connect(addressOf(a)));
  }

  @Test
  void theAllowListClosesOtherPeersAfterTheHandshakeInBothDirections() throws Exception {
    BasicHost friend = host(MeshAccess.open());
    BasicHost stranger = host(MeshAccess.open());
    BasicHost a = host(MeshAccess.open().withAllowedPeers(Set.of(friend.peerId())));

    ping(friend.connect(addressOf(a)));
    assertThatThrownBy(() -> stranger.connect(addressOf(a))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> a.connect(addressOf(stranger)))
        .hasMessageContaining("is not in the allow-list");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                lines().stream()
                    .anyMatch(
                        l ->
                            l.contains("peer not in the allow-list")
                                && l.contains(stranger.peerId().toString())));
    assertThat(a.connections()).extracting(Connection::remotePeer).containsOnly(friend.peerId());
  }

  private static byte[] keyBytes(SwarmKey k) {
    return io.bzzz.p2p.security.pnet.SwarmKeyAccess.bytes(k);
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}
