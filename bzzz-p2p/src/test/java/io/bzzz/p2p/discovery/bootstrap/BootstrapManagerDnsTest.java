package io.bzzz.p2p.discovery.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.ConnectionListener;
import io.bzzz.p2p.Host;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.PeerInfo;
import io.bzzz.p2p.PeerStore;
import io.bzzz.p2p.StreamHandler;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.Backoff;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.TestHosts;
import io.bzzz.p2p.pubsub.router.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DNS-listed addresses carry no peer id. A replica that dialed us first is recognised by the listen
 * addresses it told identify, so we do not dial it a second time (two more handshakes and a
 * duplicate connection, at the moment a late replica connects to all the others). Real hosts on
 * loopback; the manager's host is wrapped only to count its dials.
 */
class BootstrapManagerDnsTest {
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(50), Duration.ofMillis(50));
  private final Random random = new Random();
  private BasicHost a;
  private BasicHost b;
  private BootstrapManager manager;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-03T15:00:00Z"));

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @Test
  void aListedReplicaThatDialedUsIsNotDialedAgainUntilItsConnectionCloses() throws Exception {
    a = TestHosts.loopback();
    b = TestHosts.loopback();
    CountingHost counting = new CountingHost(a);
    manager =
        BootstrapManager.start(
            counting,
            new BootstrapConfig(List.of(), 32, 128, Backoff.defaults(), Duration.ofMillis(50)),
            InstantSource.system(),
            random);
    Multiaddr bListens = b.listenAddresses().get(0);

    // b dials a first; a learns b's listen address from identify.
    b.connect(a.listenAddresses().get(0).withPeerId(a.peerId()));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                a.peerStore()
                    .get(b.peerId())
                    .map(
                        p ->
                            p.addresses().stream()
                                .anyMatch(x -> x.withoutPeerId().equals(bListens)))
                    .orElse(false));

    // Now DNS lists b (no peer id in the address): a knows whom it names and does not dial.
    manager.setDnsAddresses("tasks.bzzz", List.of(bListens), QUICK);
    await().atMost(Duration.ofSeconds(20)).until(() -> manager.isBootstrapPeer(b.peerId()));
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> counting.dials.isEmpty());

    // When that connection ends, the listed address is dialed again.
    a.connection(b.peerId()).orElseThrow().close();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> counting.dials.contains(bListens) && a.connection(b.peerId()).isPresent());
  }

  /**
   * Kademlia holds its walks while the replicas a DNS name lists are being connected: one that is
   * listed and not up yet keeps the answer true, and it turns false once every listed replica is.
   */
  @Test
  void listedReplicasCountAsBeingConnectedUntilEachOneIs() throws Exception {
    a = TestHosts.loopback();
    b = TestHosts.loopback();
    manager =
        BootstrapManager.start(
            a,
            new BootstrapConfig(List.of(), 32, 128, Backoff.defaults(), Duration.ofMillis(50)),
            InstantSource.system(),
            random);
    assertThat(manager.connectingListedReplicas()).as("nothing listed").isFalse();
    Multiaddr notUp;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
      notUp = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + closed.getLocalPort());
    }
    Multiaddr bListens = b.listenAddresses().get(0);
    manager.setDnsAddresses("tasks.bzzz", List.of(bListens, notUp), QUICK);
    await().atMost(Duration.ofSeconds(20)).until(() -> a.connection(b.peerId()).isPresent());
    assertThat(manager.connectingListedReplicas()).as("one listed replica not up").isTrue();

    manager.setDnsAddresses("tasks.bzzz", List.of(bListens), QUICK);
    assertThat(manager.connectingListedReplicas()).as("every listed replica connected").isFalse();
  }

  /**
   * A replica with a lower address dials us: we wait for it instead of dialing it at the same
   * moment. When it does not dial (not up yet), we dial it ourselves after the wait.
   */
  @Test
  void aReplicaThatDialsFirstIsWaitedForAndDialedWhenItDoesNot() throws Exception {
    a = TestHosts.loopback();
    b = TestHosts.loopback();
    CountingHost counting = new CountingHost(a);
    io.bzzz.p2p.pubsub.router.ManualClock clock =
        new io.bzzz.p2p.pubsub.router.ManualClock(java.time.Instant.parse("2026-12-02T22:00:00Z"));
    manager =
        BootstrapManager.start(
            counting,
            new BootstrapConfig(List.of(), 32, 128, Backoff.defaults(), Duration.ofMillis(50)),
            clock,
            random);
    Multiaddr bListens = b.listenAddresses().get(0);
    manager.setDnsAddresses("tasks.bzzz", List.of(bListens), java.util.Set.of(bListens), QUICK);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> counting.dials.isEmpty());

    clock.advance(BootstrapManager.DIAL_SECOND_WAIT);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> counting.dials.contains(bListens) && a.connection(b.peerId()).isPresent());
  }

  /**
   * A replica that dialed us comes from its listed IP but another port. While its identify is
   * outstanding (slow on a loaded machine), that connection stands for the replica and we do not
   * dial it a second time; identify then names it.
   */
  @Test
  void anInboundConnectionFromAListedIpAwaitingIdentifyStandsForThatReplica() throws Exception {
    a = TestHosts.loopback();
    b = TestHosts.loopback();
    CountingHost counting = new CountingHost(a);
    counting.unidentified.add(b.peerId());
    manager = BootstrapManager.start(counting, checkEvery50ms(), clock, random);
    b.connect(a.listenAddresses().get(0).withPeerId(a.peerId()));
    Multiaddr bListens = b.listenAddresses().get(0);

    manager.setDnsAddresses("tasks.bzzz", List.of(bListens), QUICK);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> counting.dials.isEmpty());

    counting.unidentified.clear(); // identify arrives
    await().atMost(Duration.ofSeconds(20)).until(() -> manager.isBootstrapPeer(b.peerId()));
    clock.advance(BootstrapManager.IDENTIFY_WAIT);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> counting.dials.isEmpty());
  }

  /**
   * The connection from the listed IP is another peer (a second process on that machine): once
   * identify says so, the replica is dialed; without identify, after {@link
   * BootstrapManager#IDENTIFY_WAIT}.
   */
  @Test
  void anotherPeerFromTheListedIpDoesNotStandForTheReplicaOnceIdentifiedOrAfterTheWait()
      throws Exception {
    a = TestHosts.loopback();
    b = TestHosts.loopback();
    BasicHost identified = TestHosts.loopback();
    BasicHost silent = TestHosts.loopback();
    BasicHost d = TestHosts.loopback();
    try {
      CountingHost counting = new CountingHost(a);
      counting.unidentified.add(silent.peerId());
      manager = BootstrapManager.start(counting, checkEvery50ms(), clock, random);
      Multiaddr aListens = a.listenAddresses().get(0).withPeerId(a.peerId());
      identified.connect(aListens);
      Multiaddr bListens = b.listenAddresses().get(0);

      // identify of the one peer from that IP names its own address: b is dialed at once
      manager.setDnsAddresses("tasks.bzzz", List.of(bListens), QUICK);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> counting.dials.contains(bListens) && a.connection(b.peerId()).isPresent());

      // a peer from the same IP whose identify never comes holds the next listed replica back
      // for a while only
      silent.connect(aListens);
      await().atMost(Duration.ofSeconds(20)).until(() -> a.connection(silent.peerId()).isPresent());
      Multiaddr dListens = d.listenAddresses().get(0);
      manager.setDnsAddresses("tasks.bzzz", List.of(bListens, dListens), QUICK);
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !counting.dials.contains(dListens));
      clock.advance(BootstrapManager.IDENTIFY_WAIT);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> counting.dials.contains(dListens) && a.connection(d.peerId()).isPresent());
    } finally {
      identified.close();
      silent.close();
      d.close();
    }
  }

  /**
   * A connection from a listed replica's IP still in its handshake holds our dial back too (a
   * loaded replica's handshake takes seconds); when it ends without a connection, we dial.
   */
  @Test
  void anInboundHandshakeFromAListedIpHoldsTheDialBackUntilItEnds() throws Exception {
    a = TestHosts.loopback();
    b = TestHosts.loopback();
    CountingHost counting = new CountingHost(a);
    manager = BootstrapManager.start(counting, checkEvery50ms(), clock, random);
    InetSocketAddress aListens = a.listenAddresses().get(0).toSocketAddress().orElseThrow();
    Multiaddr bListens = b.listenAddresses().get(0);
    try (Socket silent = new Socket(aListens.getAddress(), aListens.getPort())) {
      // a TCP connection that never speaks: the host waits for its handshake
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> a.handshakingFrom().contains(silent.getLocalAddress()));
      manager.setDnsAddresses("tasks.bzzz", List.of(bListens), QUICK);
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> counting.dials.isEmpty());
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> counting.dials.contains(bListens) && a.connection(b.peerId()).isPresent());
  }

  private static BootstrapConfig checkEvery50ms() {
    return new BootstrapConfig(List.of(), 32, 128, Backoff.defaults(), Duration.ofMillis(50));
  }

  /** The real host, with the addresses the manager dials recorded. */
  private static final class CountingHost implements Host {
    final Host real;
    final List<Multiaddr> dials = new CopyOnWriteArrayList<>();

    /** Peers whose identify has not arrived, as the manager sees the peer store. */
    final Set<PeerId> unidentified = ConcurrentHashMap.newKeySet();

    CountingHost(Host real) {
      this.real = real;
    }

    @Override
    public Connection connect(Multiaddr address) throws IOException {
      dials.add(address);
      return real.connect(address);
    }

    @Override
    public PeerId peerId() {
      return real.peerId();
    }

    @Override
    public PrivateKey identity() {
      return real.identity();
    }

    @Override
    public List<Multiaddr> listenAddresses() {
      return real.listenAddresses();
    }

    @Override
    public List<Multiaddr> advertisedAddresses() {
      return real.advertisedAddresses();
    }

    @Override
    public Connection connect(PeerId peer) throws IOException {
      return real.connect(peer);
    }

    @Override
    public Optional<Connection> connection(PeerId peer) {
      return real.connection(peer);
    }

    @Override
    public Collection<Connection> connections() {
      return real.connections();
    }

    @Override
    public Set<InetAddress> handshakingFrom() {
      return real.handshakingFrom();
    }

    @Override
    public P2pStream newStream(PeerId peer, List<String> protocols) throws IOException {
      return real.newStream(peer, protocols);
    }

    @Override
    public void setStreamHandler(String protocol, StreamHandler handler) {
      real.setStreamHandler(protocol, handler);
    }

    @Override
    public void removeStreamHandler(String protocol) {
      real.removeStreamHandler(protocol);
    }

    @Override
    public PeerStore peerStore() {
      PeerStore store = real.peerStore();
      return new PeerStore() {
        @Override
        public Optional<PeerInfo> get(PeerId peer) {
          return unidentified.contains(peer) ? Optional.empty() : store.get(peer);
        }

        @Override
        public Collection<PeerInfo> all() {
          return store.all().stream().filter(p -> !unidentified.contains(p.peer())).toList();
        }

        @Override
        public void addAddresses(PeerId peer, List<Multiaddr> addresses) {
          store.addAddresses(peer, addresses);
        }

        @Override
        public void remove(PeerId peer) {
          store.remove(peer);
        }
      };
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
      real.addConnectionListener(listener);
    }

    @Override
    public void removeConnectionListener(ConnectionListener listener) {
      real.removeConnectionListener(listener);
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
