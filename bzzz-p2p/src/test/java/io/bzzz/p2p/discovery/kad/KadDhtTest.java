package io.bzzz.p2p.discovery.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.Host;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.discovery.DiscoveredPeer;
import io.bzzz.p2p.node.TestHosts;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kademlia over real hosts on 127.0.0.1. */
class KadDhtTest {
  private static final KadConfig CONFIG =
      KadConfig.defaults()
          .withProtocol("/bzzz-test/kad/1.0.0")
          .withWalkInterval(Duration.ofSeconds(2));
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private record Node(Host host, KadDht dht, Set<PeerId> found) {}

  private Node node() throws Exception {
    return node(CONFIG);
  }

  private Node node(KadConfig config) throws Exception {
    Host host = TestHosts.loopback();
    closeables.add(host);
    Set<PeerId> found = ConcurrentHashMap.newKeySet();
    KadDht dht =
        KadDht.start(
            host,
            config,
            (DiscoveredPeer p) -> found.add(p.peer()),
            new Random(),
            InstantSource.system());
    closeables.add(dht);
    return new Node(host, dht, found);
  }

  @Test
  void aNodeThatKnowsOnePeerFindsAllThirty() throws Exception {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 31; i++) {
      nodes.add(node());
    }
    Node seed = nodes.get(0);
    // Everyone but the newcomer knows only the seed.
    for (Node n : nodes.subList(1, 30)) {
      n.host().connect(seed.host().listenAddresses().get(0).withPeerId(seed.host().peerId()));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> seed.dht().routingTable().size() == 29);
    Node newcomer = nodes.get(30);
    newcomer.host().connect(seed.host().listenAddresses().get(0).withPeerId(seed.host().peerId()));

    Set<PeerId> everyone = nodes.stream().map(n -> n.host().peerId()).collect(Collectors.toSet());
    everyone.remove(newcomer.host().peerId());
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Set<PeerId> known = ConcurrentHashMap.newKeySet();
              known.addAll(newcomer.found());
              newcomer.dht().routingTable().entries().forEach(e -> known.add(e.peer()));
              assertThat(known).containsAll(everyone);
            });
  }

  @Test
  void lookupReturnsTheClosestPeersAndAnswersCarryAddresses() throws Exception {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      nodes.add(node());
    }
    Node hub = nodes.get(0);
    for (Node n : nodes.subList(1, nodes.size())) {
      n.host().connect(hub.host().listenAddresses().get(0).withPeerId(hub.host().peerId()));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> hub.dht().routingTable().size() == 7);
    Node asker = nodes.get(7);
    PeerId target = nodes.get(3).host().peerId();
    List<PeerId> closest = asker.dht().lookup(target.bytes());
    assertThat(closest).contains(target);
    assertThat(closest.get(0)).isEqualTo(target);
    assertThat(asker.host().peerStore().get(target).orElseThrow().addresses())
        .contains(nodes.get(3).host().listenAddresses().get(0));
  }

  @Test
  void aDueWalkWaitsUntilPeersStopJoiningTheTable() throws Exception {
    Node hub = node(CONFIG.withSettle(Duration.ofMillis(1500), Duration.ofMinutes(1)));
    List<Node> joiners = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      joiners.add(node());
    }
    // The first peer makes a walk due at once; the others join right after, as a DNS list's
    // replicas do.
    for (Node joiner : joiners) {
      joiner.host().connect(hub.host().listenAddresses().get(0).withPeerId(hub.host().peerId()));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> hub.dht().routingTable().contains(joiner.host().peerId()));
    }
    assertThat(hub.dht().walksStarted()).as("walks while peers joined").isZero();
    await()
        .during(Duration.ofMillis(1000))
        .atMost(Duration.ofMillis(1400))
        .until(() -> hub.dht().walksStarted() == 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> hub.dht().walksStarted() >= 1);
  }

  @Test
  void peersThatNeverStopJoiningDelayAWalkOnlyUpToTheSettleLimit() throws Exception {
    // A settle time longer than the wait below: only the limit can start the walk.
    Node hub = node(CONFIG.withSettle(Duration.ofMinutes(1), Duration.ofMillis(500)));
    Node peer = node();
    peer.host().connect(hub.host().listenAddresses().get(0).withPeerId(hub.host().peerId()));
    await().atMost(Duration.ofSeconds(10)).until(() -> hub.dht().walksStarted() >= 1);
  }

  @Test
  void aDueWalkWaitsWhileTheNodeHoldsIt() throws Exception {
    Node hub = node(CONFIG.withSettle(Duration.ZERO, Duration.ofMinutes(1)));
    AtomicBoolean connectingAList = new AtomicBoolean(true);
    hub.dht().holdWalksWhile(connectingAList::get);
    Node peer = node();
    peer.host().connect(hub.host().listenAddresses().get(0).withPeerId(hub.host().peerId()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> hub.dht().routingTable().contains(peer.host().peerId()));
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> hub.dht().walksStarted() == 0);

    connectingAList.set(false);
    await().atMost(Duration.ofSeconds(10)).until(() -> hub.dht().walksStarted() >= 1);
  }
}
