package io.bzzz.p2p.host;

import static io.bzzz.p2p.host.TestHosts.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.ConnectionListener;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.PeerIdMismatchException;
import io.bzzz.p2p.PeerInfo;
import io.bzzz.p2p.ProtocolNotSupportedException;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.protocol.identify.IdentifyService;
import io.bzzz.p2p.protocol.ping.PingService;
import io.bzzz.testing.TripwireProxy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BasicHostTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final TestHosts hosts = new TestHosts();

  @AfterEach
  void close() {
    hosts.close();
  }

  @Test
  void connectsIdentifiesBothWaysAndPings() throws Exception {
    BasicHost a = hosts.start();
    BasicHost b = hosts.start();
    b.setStreamHandler("/test/app/1.0.0", s -> {});
    List<Connection> connectedToB = new CopyOnWriteArrayList<>();
    b.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void connected(Connection connection) {
            connectedToB.add(connection);
          }
        });

    Connection connection = a.connect(address(b));
    assertThat(connection.remotePeer()).isEqualTo(b.peerId());
    assertThat(connection.outbound()).isTrue();

    PeerInfo bSeenByA = awaitIdentified(a, b.peerId());
    assertThat(bSeenByA.agentVersion()).contains("bzzz/test");
    assertThat(bSeenByA.protocols())
        .contains("/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0", "/test/app/1.0.0");
    assertThat(bSeenByA.addresses()).contains(b.listenAddresses().get(0));
    PeerInfo aSeenByB = awaitIdentified(b, a.peerId());
    assertThat(aSeenByB.protocols()).doesNotContain("/test/app/1.0.0");
    assertThat(connectedToB).singleElement().satisfies(c -> assertThat(c.outbound()).isFalse());
    assertThat(a.observedAddresses()).contains(connection.localAddress());

    try (PingService.Session ping = PingService.open(connection, new Random(1))) {
      assertThat(ping.ping()).isPositive();
      assertThat(ping.ping()).isPositive();
    }
  }

  @Test
  void unknownProtocolGetsNaAndTheConnectionStaysUsable() throws Exception {
    BasicHost a = hosts.start();
    BasicHost b = hosts.start();
    Connection connection = a.connect(address(b));
    assertThatThrownBy(() -> connection.newStream(List.of("/nope/1.0.0", "/nope/2.0.0")))
        .isInstanceOf(ProtocolNotSupportedException.class)
        .hasMessageContaining("/nope/1.0.0");
    try (P2pStream ping = connection.newStream(List.of("/nope/1.0.0", PingService.PROTOCOL))) {
      assertThat(ping.protocol()).isEqualTo(PingService.PROTOCOL);
    }
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void repeatedAndConcurrentConnectsShareOneConnection() throws Exception {
    BasicHost a = hosts.start();
    BasicHost b = hosts.start();
    Set<Connection> seen = new HashSet<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Connection>> dials =
          java.util.stream.IntStream.range(0, 10)
              .mapToObj(i -> pool.submit(() -> a.connect(address(b))))
              .toList();
      for (Future<Connection> f : dials) {
        seen.add(f.get());
      }
    }
    seen.add(a.connect(b.peerId()));
    assertThat(seen).hasSize(1);
    assertThat(a.connections()).hasSize(1);
  }

  @Test
  void simultaneousDialsSettleOnTheConnectionDialledByTheSmallerPeerId() throws Exception {
    List<BasicHost> settled = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      BasicHost a = hosts.start();
      BasicHost b = hosts.start();
      List<Connection> dropped = disconnections(a, b);
      boolean bothDialled;
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<Connection> ab = pool.submit(() -> a.connect(address(b)));
        Future<Connection> ba = pool.submit(() -> b.connect(address(a)));
        // When one dial finishes before the other starts, the second connect reuses the first
        // connection: there is no race to settle, only one connection dialled by either side.
        bothDialled = ab.get().outbound() && ba.get().outbound();
      }
      PeerId smaller = a.peerId().compareTo(b.peerId()) < 0 ? a.peerId() : b.peerId();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                assertThat(a.connections()).hasSize(1);
                assertThat(b.connections()).hasSize(1);
                Connection fromA = a.connections().iterator().next();
                Connection fromB = b.connections().iterator().next();
                assertThat(fromA.isOpen()).isTrue();
                assertThat(fromA.localAddress()).isEqualTo(fromB.remoteAddress());
                assertThat(fromA.remoteAddress()).isEqualTo(fromB.localAddress());
                if (bothDialled) {
                  assertThat(fromA.outbound()).isEqualTo(smaller.equals(a.peerId()));
                }
              });
      assertThat(dropped).as("disconnections heard while the dials settled").isEmpty();
      settled.addAll(List.of(a, b));
    }
    // The loser closes after a grace period, so neither side was ever without a connection.
    await().atMost(TIMEOUT).until(() -> settled.stream().allMatch(h -> h.openSockets() == 1));
  }

  /**
   * Discovery dials a replica by peer id while a DNS list's dial of its bare address is still in
   * its handshake: the second dial waits for the first instead of making a second connection.
   */
  @Test
  void aDialByPeerIdJoinsTheDialInFlightToItsAddress() throws Exception {
    BasicHost a = hosts.start();
    BasicHost b = hosts.start();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (TripwireProxy front =
            new TripwireProxy(address(b).toSocketAddress().orElseThrow().getPort());
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      front.armPassing(
          "/multistream/1.0.0",
          () -> {
            held.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      Multiaddr bare = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + front.port());
      Future<Connection> byAddress = pool.submit(() -> a.connect(bare));
      assertThat(held.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      Future<Connection> byPeerId = pool.submit(() -> a.connect(bare.withPeerId(b.peerId())));
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> !byPeerId.isDone());
      release.countDown();
      assertThat(byPeerId.get()).isSameAs(byAddress.get());
      assertThat(front.connectionsAccepted()).isEqualTo(1);
    }
  }

  /**
   * Concurrent dials from one side finish in one order there and perhaps another on the listening
   * side; the dialer alone closes the extra ones, and neither side ever hears a disconnection.
   */
  @Test
  void concurrentDialsFromOneSideEndOnOneConnectionWithoutADisconnection() throws Exception {
    BasicHost a = hosts.start();
    BasicHost b = hosts.start();
    List<Connection> dropped = disconnections(a, b);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Connection>> dials = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        dials.add(pool.submit(() -> a.connect(address(b))));
      }
      for (Future<Connection> dial : dials) {
        dial.get();
      }
    }
    await().atMost(TIMEOUT).until(() -> a.openSockets() == 1 && b.openSockets() == 1);
    Connection fromA = a.connection(b.peerId()).orElseThrow();
    Connection fromB = b.connection(a.peerId()).orElseThrow();
    assertThat(fromA.localAddress()).isEqualTo(fromB.remoteAddress());
    assertThat(dropped).as("disconnections heard").isEmpty();
  }

  /** A virtual IP can hand our own dial back to us: both halves are refused, nothing remains. */
  @Test
  void anAddressThatLeadsBackToUsIsRefused() throws Exception {
    BasicHost a = hosts.start();
    assertThatThrownBy(() -> a.connect(a.listenAddresses().get(0)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ourselves");
    assertThat(a.connections()).isEmpty();
    assertThat(a.peerStore().get(a.peerId())).isEmpty();
    await().atMost(TIMEOUT).until(() -> a.openSockets() == 0);
  }

  @Test
  void wrongPeerIdIsRejectedAndLeavesNothingBehind() throws Exception {
    BasicHost a = hosts.start();
    BasicHost b = hosts.start();
    PeerId other = PrivateKey.generate().peerId();
    assertThatThrownBy(() -> a.connect(b.listenAddresses().get(0).withPeerId(other)))
        .isInstanceOf(PeerIdMismatchException.class);
    assertThat(a.connections()).isEmpty();
    await().atMost(TIMEOUT).until(() -> a.openSockets() == 0 && b.openSockets() == 0);
  }

  @Test
  void failingPeersAreBackedOffUntilTheClockMovesOn() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    InstantSource clock = now::get;
    BasicHost a =
        hosts.start(b -> b.clock(clock).dialBackoff(Duration.ofSeconds(5), Duration.ofMinutes(1)));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Multiaddr dead =
        Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port).withPeerId(PrivateKey.generate().peerId());
    assertThatThrownBy(() -> a.connect(dead)).isInstanceOf(ConnectException.class);
    assertThatThrownBy(() -> a.connect(dead))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("dial backoff");
    now.set(now.get().plusSeconds(6));
    assertThatThrownBy(() -> a.connect(dead)).isInstanceOf(ConnectException.class);
    now.set(now.get().plusSeconds(6)); // second failure doubled the backoff to 10 s
    assertThatThrownBy(() -> a.connect(dead)).hasMessageContaining("dial backoff");
  }

  @Test
  void connectionLimitClosesExtraInboundConnections() throws Exception {
    BasicHost server = hosts.start(b -> b.maxConnections(1));
    BasicHost first = hosts.start();
    BasicHost second = hosts.start();
    Connection kept = first.connect(address(server));
    assertThatThrownBy(() -> second.connect(address(server))).isInstanceOf(IOException.class);
    try (PingService.Session ping = PingService.open(kept, new Random(2))) {
      assertThat(ping.ping()).isPositive();
    }
    assertThat(server.connections()).hasSize(1);
  }

  @Test
  void idleConnectionsAreClosed() throws Exception {
    BasicHost a = hosts.start(b -> b.idleTimeout(Duration.ofMillis(300)));
    BasicHost b = hosts.start();
    Connection connection = a.connect(address(b));
    await().atMost(TIMEOUT).until(() -> !connection.isOpen());
    await().atMost(TIMEOUT).until(() -> a.connections().isEmpty() && b.connections().isEmpty());
  }

  @Test
  void newHandlersArePushedToConnectedPeers() throws Exception {
    BasicHost a = hosts.start();
    BasicHost b = hosts.start();
    a.connect(address(b));
    awaitIdentified(a, b.peerId());
    awaitIdentified(b, a.peerId()); // b pushes only to peers it knows accept pushes
    List<PeerInfo> updates = new CopyOnWriteArrayList<>();
    a.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void identified(PeerId peer, PeerInfo info) {
            updates.add(info);
          }
        });
    b.setStreamHandler("/test/late/1.0.0", s -> {});
    await()
        .atMost(TIMEOUT)
        .until(() -> updates.stream().anyMatch(i -> i.supports("/test/late/1.0.0")));
    b.removeStreamHandler("/test/late/1.0.0");
    await()
        .atMost(TIMEOUT)
        .until(() -> !a.peerStore().get(b.peerId()).orElseThrow().supports("/test/late/1.0.0"));
  }

  /**
   * The race that split a 34-replica mesh into two Kademlia halves: b registers a protocol after
   * answering a's identify but before its own identify of a finished (a answers slowly here). b
   * does not know yet whether a speaks identify push, and must push anyway.
   */
  @Test
  void aHandlerRegisteredWhileTheFirstIdentifyIsUnderWayStillReachesThePeer() throws Exception {
    BasicHost a = hosts.start();
    BasicHost b = hosts.start();
    CountDownLatch answer = new CountDownLatch(1);
    a.setStreamHandler(
        IdentifyService.PROTOCOL,
        s -> {
          try {
            answer.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          s.close();
        });
    try {
      a.connect(address(b));
      awaitIdentified(a, b.peerId());
      assertThat(b.peerStore().get(a.peerId()).map(PeerInfo::protocols).orElse(Set.of()))
          .as("b has not identified a yet")
          .isEmpty();
      b.setStreamHandler("/test/during-identify/1.0.0", s -> {});
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(a.peerStore().get(b.peerId()).orElseThrow().protocols())
                      .contains("/test/during-identify/1.0.0"));
    } finally {
      answer.countDown();
    }
  }

  @Test
  void closingHostsEndsEveryThreadAndSocket() throws Exception {
    BasicHost a = hosts.start(b -> b.idleTimeout(Duration.ZERO));
    BasicHost b = hosts.start(c -> c.idleTimeout(Duration.ZERO));
    Connection connection = a.connect(address(b));
    try (PingService.Session ping = PingService.open(connection, new Random(3))) {
      ping.ping();
    }
    assertThat(a.liveThreads()).isPositive();
    a.close();
    b.close();
    assertThat(a.liveThreads()).isZero();
    assertThat(b.liveThreads()).isZero();
    assertThat(a.openSockets()).isZero();
    assertThat(b.openSockets()).isZero();
  }

  /** Records every disconnection the hosts announce. */
  private static List<Connection> disconnections(BasicHost... hosts) {
    List<Connection> dropped = new CopyOnWriteArrayList<>();
    ConnectionListener drops =
        new ConnectionListener() {
          @Override
          public void disconnected(Connection connection) {
            dropped.add(connection);
          }
        };
    for (BasicHost host : hosts) {
      host.addConnectionListener(drops);
    }
    return dropped;
  }

  static PeerInfo awaitIdentified(BasicHost host, PeerId peer) {
    await()
        .atMost(TIMEOUT)
        .until(() -> host.peerStore().get(peer).flatMap(PeerInfo::agentVersion).isPresent());
    return host.peerStore().get(peer).orElseThrow();
  }
}
