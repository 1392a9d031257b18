package io.bzzz.p2p.discovery.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.Host;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.discovery.DiscoveredPeer;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.TestHosts;
import io.bzzz.testing.ChildProcess;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kademlia with js {@code @libp2p/kad-dht} 15.1.11 (libp2p 2.10) in server mode on loopback, with
 * the passthrough address mapper (the default strips private and loopback addresses).
 */
@Tag("interop")
class KadJsInteropTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  // /ipfs/kad/1.0.0; no settle time: the Java walk must run before the js peers' own walks reach
  // Java and connect them, or the walk would have nothing left to find
  private static final KadConfig CONFIG =
      KadConfig.defaults()
          .withWalkInterval(Duration.ofSeconds(2))
          .withSettle(Duration.ZERO, Duration.ZERO);
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private record JsPeer(ChildProcess process, PeerId id, Multiaddr address) {
    String command(String line, String replyPrefix) {
      process.writeLine(line);
      return process.awaitLine(l -> l.startsWith(replyPrefix) || l.startsWith("error"), DEADLINE);
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private JsPeer js() {
    ChildProcess p = ChildProcess.node("kad-peer.mjs", "/ip4/127.0.0.1/tcp/0", CONFIG.protocol());
    closeables.add(p);
    PeerId id = PeerId.parse(p.awaitLine(l -> l.startsWith("id "), DEADLINE).substring(3));
    Multiaddr address =
        Multiaddr.parse(p.awaitLine(l -> l.startsWith("listen "), DEADLINE).substring(7));
    return new JsPeer(p, id, address);
  }

  private Host javaHost() throws Exception {
    Host host = TestHosts.loopback();
    closeables.add(host);
    return host;
  }

  @Test
  void javaFindsJsPeersByAWalkAndJsFindsJava() throws Exception {
    JsPeer a = js();
    JsPeer b = js();
    JsPeer c = js();
    JsPeer d = js();
    assertThat(b.command("dial " + a.address(), "dialed")).isEqualTo("dialed " + a.id());
    assertThat(c.command("dial " + a.address(), "dialed")).isEqualTo("dialed " + a.id());

    Host java = javaHost();
    Map<PeerId, DiscoveredPeer> found = new ConcurrentHashMap<>();
    KadDht dht =
        KadDht.start(
            java, CONFIG, p -> found.put(p.peer(), p), new Random(), InstantSource.system());
    closeables.add(dht);
    java.connect(a.address()); // the only peer Java knows

    // Java -> js: the walk through A finds B and C, with their loopback addresses.
    await().atMost(DEADLINE).until(() -> found.containsKey(b.id()) && found.containsKey(c.id()));
    assertThat(found.get(b.id()).addresses()).contains(b.address().withoutPeerId());
    assertThat(dht.routingTable().contains(a.id())).isTrue();

    // js -> Java: D knows only A and finds Java by a DHT walk.
    assertThat(d.command("dial " + a.address(), "dialed")).isEqualTo("dialed " + a.id());
    Multiaddr javaAddress = java.listenAddresses().get(0);
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () ->
                assertThat(d.command("find " + java.peerId(), "found"))
                    .startsWith("found " + java.peerId())
                    .contains(javaAddress.toString()));
    // and the js routing table of A holds the Java node (it identified as a kad server)
    assertThat(a.command("table", "table")).contains(java.peerId().toString());
  }
}
