package io.bzzz.p2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.Backoff;
import io.bzzz.p2p.discovery.bootstrap.BootstrapConfig;
import io.bzzz.p2p.discovery.kad.KadConfig;
import io.bzzz.p2p.discovery.mdns.PeerNames;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nodes composed by P2pNode on 127.0.0.1: bootstrap, kad-driven dialing, mDNS dialing. */
class P2pNodeTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private final List<P2pNode> nodes = new ArrayList<>();
  private final Random random = new Random();

  @AfterEach
  void closeAll() {
    nodes.forEach(P2pNode::close);
  }

  private NodeConfig config(List<Multiaddr> bootstrap, boolean mdns) {
    return NodeConfig.defaults(PrivateKey.generate(), PeerNames.random(random))
        .withListen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
        .withBootstrap(
            new BootstrapConfig(
                bootstrap,
                8,
                64,
                new Backoff(Duration.ofMillis(100), Duration.ofMillis(400)),
                Duration.ofMillis(100)))
        .withKad(
            Optional.of(
                KadConfig.defaults()
                    .withProtocol("/bzzz-test/kad/1.0.0")
                    .withWalkInterval(Duration.ofSeconds(1))))
        .withMdns(
            mdns
                ? NodeConfig.defaults(PrivateKey.generate(), PeerNames.random(random)).mdns()
                : Optional.empty());
  }

  private P2pNode start(NodeConfig config) throws Exception {
    P2pNode node = P2pNode.start(TestHosts.start(config), config, InstantSource.system(), random);
    nodes.add(node);
    return node;
  }

  private static Multiaddr addressOf(P2pNode node) {
    return node.host().listenAddresses().get(0).withPeerId(node.peerId());
  }

  @Test
  void peersFoundThroughKadAreDialed() throws Exception {
    P2pNode a = start(config(List.of(), false));
    P2pNode b = start(config(List.of(addressOf(a)), false));
    P2pNode c = start(config(List.of(addressOf(a)), false));
    // b and c only know a; kad tells each about the other and the node dials it.
    await().atMost(DEADLINE).until(() -> b.host().connection(c.peerId()).isPresent());
    assertThat(a.host().connections()).hasSize(2);
  }

  @Test
  void gossipRunsOverTheConnectionsDiscoveryMakes() throws Exception {
    P2pNode a =
        start(
            config(List.of(), false).withGossip(Optional.of(GossipsubService.Options.defaults())));
    P2pNode b =
        start(
            config(List.of(addressOf(a)), false)
                .withGossip(Optional.of(GossipsubService.Options.defaults())));
    P2pNode c =
        start(
            config(List.of(addressOf(a)), false)
                .withGossip(Optional.of(GossipsubService.Options.defaults())));
    List<String> received = new CopyOnWriteArrayList<>();
    c.pubsub()
        .orElseThrow()
        .subscribe("t", m -> received.add(new String(m.data(), StandardCharsets.UTF_8)));
    b.pubsub().orElseThrow().subscribe("t", m -> {});
    // b learns of c through kad, dials it, and both see each other in the topic
    await()
        .atMost(DEADLINE)
        .until(() -> b.pubsub().orElseThrow().topicPeers("t").contains(c.peerId()));
    b.pubsub().orElseThrow().publish("t", "hello".getBytes(StandardCharsets.UTF_8));
    await().atMost(DEADLINE).until(() -> received.contains("hello"));
    assertThat(a.pubsub()).isPresent();
  }

  @Test
  void bootstrapRedialsWithBackoffUntilThePeerComesUp() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    PrivateKey laterKey = PrivateKey.generate();
    Multiaddr later = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port).withPeerId(laterKey.peerId());
    P2pNode waiting = start(config(List.of(later), false));
    // nothing listens yet: dials fail and are retried; then the peer starts on that port
    NodeConfig laterConfig =
        new NodeConfig(
            laterKey,
            List.of(later.withoutPeerId()),
            BootstrapConfig.of(List.of()),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "bzzz/test",
            Optional.empty(),
            RejoinConfig.none(),
            io.bzzz.p2p.host.MeshAccess.open());
    P2pNode up = start(laterConfig);
    PeerId id = up.peerId();
    await().atMost(DEADLINE).until(() -> waiting.host().connection(id).isPresent());
  }

  @Test
  void peersFoundByMdnsAreDialed() throws Exception {
    P2pNode a = start(config(List.of(), true));
    P2pNode b = start(config(List.of(), true));
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                a.host().connection(b.peerId()).isPresent()
                    || b.host().connection(a.peerId()).isPresent());
  }
}
