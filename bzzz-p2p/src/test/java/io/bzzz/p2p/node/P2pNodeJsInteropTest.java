package io.bzzz.p2p.node;

import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.mdns.PeerNames;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.testing.ChildProcess;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** js-libp2p >= 2 does not dial what mDNS finds, so the Java node must: it does. */
@Tag("interop")
class P2pNodeJsInteropTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void javaNodeDialsTheJsPeerItFindsByMdns() throws Exception {
    try (ChildProcess js = ChildProcess.node("mdns-peer.mjs", "/ip4/127.0.0.1/tcp/0", "1000")) {
      PeerId jsId = PeerId.parse(js.awaitLine(l -> l.startsWith("id "), DEADLINE).substring(3));
      NodeConfig config =
          NodeConfig.defaults(PrivateKey.generate(), PeerNames.random(new Random()))
              .withListen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
              .withKad(Optional.empty());
      try (P2pNode node =
          P2pNode.start(TestHosts.start(config), config, InstantSource.system(), new Random())) {
        await().atMost(DEADLINE).until(() -> node.host().connection(jsId).isPresent());
        // and js found us too
        js.awaitLine(l -> l.startsWith("discovered " + node.peerId()), DEADLINE);
      }
    }
  }
}
