package io.bzzz.p2p.discovery.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.DiscoveredPeer;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Two services in one JVM over real multicast on this machine's interfaces. */
class MdnsServiceTest {
  private final Random random = new Random();

  @Test
  void twoServicesFindEachOtherAndNotThemselves() throws Exception {
    PeerId a = PrivateKey.generate().peerId();
    PeerId b = PrivateKey.generate().peerId();
    List<Multiaddr> aAddrs = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/40001"));
    List<Multiaddr> bAddrs = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/40002"));
    List<DiscoveredPeer> seenByA = new CopyOnWriteArrayList<>();
    List<DiscoveredPeer> seenByB = new CopyOnWriteArrayList<>();

    try (MdnsService sa = start(a, aAddrs, seenByA);
        MdnsService sb = start(b, bAddrs, seenByB)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> has(seenByA, b, bAddrs) && has(seenByB, a, aAddrs));
      assertThat(seenByA).noneMatch(p -> p.peer().equals(a));
      assertThat(seenByB).noneMatch(p -> p.peer().equals(b));
      assertThat(sa.peerName()).isNotEqualTo(sb.peerName());
    }
  }

  @Test
  void survivesGarbageOnThePort() throws Exception {
    PeerId a = PrivateKey.generate().peerId();
    PeerId b = PrivateKey.generate().peerId();
    List<Multiaddr> bAddrs = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/40003"));
    List<DiscoveredPeer> seenByA = new CopyOnWriteArrayList<>();
    try (MdnsService sa = start(a, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1")), seenByA)) {
      try (DatagramSocket socket = new DatagramSocket()) {
        byte[] loop = java.util.HexFormat.of().parseHex("000084000001000000000000c00c000c0001");
        for (byte[] junk : List.of(new byte[] {1, 2, 3}, loop, new byte[9500])) {
          socket.send(
              new DatagramPacket(
                  junk, junk.length, InetAddress.getByName("224.0.0.251"), MdnsConfig.PORT));
        }
      }
      try (MdnsService sb = start(b, bAddrs, new CopyOnWriteArrayList<>())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> has(seenByA, b, bAddrs));
      }
    }
  }

  private MdnsService start(PeerId self, List<Multiaddr> addrs, List<DiscoveredPeer> seen)
      throws Exception {
    return MdnsService.start(
        MdnsConfig.defaults(PeerNames.random(random)),
        self,
        () -> addrs,
        seen::add,
        InstantSource.system());
  }

  private static boolean has(List<DiscoveredPeer> seen, PeerId peer, List<Multiaddr> addrs) {
    return seen.stream().anyMatch(p -> p.peer().equals(peer) && p.addresses().equals(addrs));
  }
}
