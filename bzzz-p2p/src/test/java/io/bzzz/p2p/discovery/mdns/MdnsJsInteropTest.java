package io.bzzz.p2p.discovery.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.DiscoveredPeer;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.testing.ChildProcess;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * mDNS both ways with js-libp2p's {@code @libp2p/mdns} 11.0.47, over real multicast on this
 * machine's interfaces (the packets loop back to local sockets).
 */
@Tag("interop")
class MdnsJsInteropTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @Test
  void javaFindsJsAndJsFindsJava() throws Exception {
    PeerId self = PrivateKey.generate().peerId();
    List<Multiaddr> ours = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/45999"));
    List<DiscoveredPeer> seen = new CopyOnWriteArrayList<>();
    try (ChildProcess js = ChildProcess.node("mdns-peer.mjs", "/ip4/127.0.0.1/tcp/0", "1000")) {
      PeerId jsId = PeerId.parse(js.awaitLine(l -> l.startsWith("id "), DEADLINE).substring(3));
      Multiaddr jsListen =
          Multiaddr.parse(js.awaitLine(l -> l.startsWith("listen "), DEADLINE).substring(7));
      try (MdnsService mdns =
          MdnsService.start(
              MdnsConfig.defaults(PeerNames.random(new Random())),
              self,
              () -> ours,
              seen::add,
              InstantSource.system())) {
        String line = js.awaitLine(l -> l.startsWith("discovered " + self), DEADLINE);
        assertThat(line).endsWith("/ip4/127.0.0.1/tcp/45999");

        await().atMost(DEADLINE).until(() -> seen.stream().anyMatch(p -> p.peer().equals(jsId)));
        DiscoveredPeer js0 = seen.stream().filter(p -> p.peer().equals(jsId)).findFirst().get();
        assertThat(js0.addresses()).contains(jsListen.withoutPeerId());
        assertThat(js0.source()).isEqualTo(DiscoveredPeer.Source.MDNS);
      }
    }
  }
}
