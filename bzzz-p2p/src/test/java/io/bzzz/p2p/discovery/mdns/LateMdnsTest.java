package io.bzzz.p2p.discovery.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.DiscoveredPeer;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.NodeConfig;
import io.bzzz.p2p.node.P2pNode;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * mDNS when no interface can join the group: the real service fails on an empty interface list
 * (what {@link MulticastInterfaces#all} returns while the link is down); the node starts anyway and
 * mDNS comes up once interfaces are there. Real multicast on this machine's interfaces.
 */
class LateMdnsTest {
  private final Random random = new Random();

  @Test
  void aNodeWithoutAUsableInterfaceStartsWithoutMdns() throws Exception {
    NodeConfig config =
        NodeConfig.defaults(PrivateKey.generate(), PeerNames.random(random))
            .withListen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
    NodeConfig noInterface = config.withMdns(config.mdns().map(m -> m.withInterfaces(List.of())));
    assertThat(noInterface.mdns()).isPresent();
    try (P2pNode node = P2pNode.start(noInterface)) {
      assertThat(node.fullAddresses()).isNotEmpty();
    }
  }

  @Test
  void startsLaterWhenAnInterfaceAppears() throws Exception {
    PeerId a = PrivateKey.generate().peerId();
    PeerId b = PrivateKey.generate().peerId();
    List<Multiaddr> aAddrs = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/40011"));
    List<Multiaddr> bAddrs = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/40012"));
    List<DiscoveredPeer> seenByA = new CopyOnWriteArrayList<>();
    AtomicBoolean linkUp = new AtomicBoolean();
    AtomicInteger tries = new AtomicInteger();
    MdnsConfig all = MdnsConfig.defaults(PeerNames.random(random));
    LateMdns.Starter starter =
        () -> {
          tries.incrementAndGet();
          MdnsConfig now = linkUp.get() ? all : all.withInterfaces(List.of());
          return MdnsService.start(now, a, () -> aAddrs, seenByA::add, InstantSource.system());
        };
    try (LateMdns late = LateMdns.start(starter, Duration.ofMillis(100));
        MdnsService sb =
            MdnsService.start(
                MdnsConfig.defaults(PeerNames.random(random)),
                b,
                () -> bAddrs,
                p -> {},
                InstantSource.system())) {
      assertThat(late.running()).isFalse();
      await().atMost(Duration.ofSeconds(10)).until(() -> tries.get() >= 3);
      assertThat(late.running()).isFalse();
      assertThat(seenByA).isEmpty();

      linkUp.set(true);
      await().atMost(Duration.ofSeconds(10)).until(late::running);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> seenByA.stream().anyMatch(p -> p.peer().equals(b)));
      int settled = tries.get();
      Thread.sleep(300); // not synchronisation: a started service must not be started again
      assertThat(tries.get()).isEqualTo(settled);
    }
  }

  @Test
  void closeStopsTheRetries() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    MdnsConfig none = MdnsConfig.defaults(PeerNames.random(random)).withInterfaces(List.of());
    PeerId a = PrivateKey.generate().peerId();
    LateMdns late =
        LateMdns.start(
            () -> {
              tries.incrementAndGet();
              return MdnsService.start(none, a, List::of, p -> {}, InstantSource.system());
            },
            Duration.ofMillis(50));
    await().atMost(Duration.ofSeconds(10)).until(() -> tries.get() >= 2);
    late.close();
    int after = tries.get();
    Thread.sleep(200); // not synchronisation: nothing may run after close
    assertThat(tries.get()).isEqualTo(after);
    assertThat(late.running()).isFalse();
  }
}
