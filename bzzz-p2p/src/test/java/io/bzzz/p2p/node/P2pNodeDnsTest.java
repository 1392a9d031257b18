package io.bzzz.p2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.bootstrap.DnsDiscoveryConfig;
import io.bzzz.p2p.discovery.bootstrap.DnsReplicaSource;
import io.bzzz.p2p.discovery.mdns.PeerNames;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replicas on distinct loopback addresses (127.0.0.2, .3, ...) and one port, as a Swarm service or
 * headless Service runs them, with real TCP; only the DNS answer is stood in for: {@code
 * tasks.bzzz} lists every replica, other names do not exist. mDNS, kad and bootstrap peers are off,
 * so every connection comes from DNS discovery.
 */
class P2pNodeDnsTest {
  private static final String NAME = "tasks.bzzz";
  private static final List<String> REPLICAS =
      List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");
  private final List<P2pNode> nodes = new ArrayList<>();
  private final Random random = new Random();

  @AfterEach
  void closeAll() {
    nodes.forEach(P2pNode::close);
  }

  private static final DnsReplicaSource.Resolver SWARM =
      name -> {
        if (!name.equals(NAME)) {
          throw new UnknownHostException(name);
        }
        List<InetAddress> ips = new ArrayList<>();
        for (String ip : REPLICAS) {
          ips.add(InetAddress.getByName(ip));
        }
        return ips;
      };

  /** A port free on every replica address, found by binding it on each. */
  private static int commonFreePort() throws Exception {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress(REPLICAS.get(0), 0));
        port = probe.getLocalPort();
      }
      if (freeOnEveryReplica(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no port free on every loopback replica address");
  }

  private static boolean freeOnEveryReplica(int port) {
    for (String ip : REPLICAS) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(ip, port));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  private P2pNode replica(String ip, int port, boolean discovery) throws Exception {
    NodeConfig replica =
        NodeConfig.defaults(PrivateKey.generate(), PeerNames.random(random))
            .withListen(List.of(Multiaddr.parse("/ip4/" + ip + "/tcp/" + port)))
            .withMdns(Optional.empty())
            .withKad(Optional.empty())
            .withDns(
                Optional.of(
                    new DnsDiscoveryConfig(
                        List.of("no-such-name.invalid", NAME),
                        port,
                        Duration.ofMillis(200),
                        DnsDiscoveryConfig.DEFAULT_REDIAL)));
    NodeConfig config = discovery ? replica : replica.withDns(Optional.empty());
    P2pNode node =
        P2pNode.start(TestHosts.start(config), config, InstantSource.system(), random, SWARM);
    nodes.add(node);
    return node;
  }

  @Test
  void replicasListedByTheNameFindEachOtherAndALateReplicaIsReachedSoonAfterItListens()
      throws Exception {
    int port = commonFreePort();
    P2pNode a = replica("127.0.0.2", port, true);
    P2pNode b = replica("127.0.0.3", port, true);
    P2pNode c = replica("127.0.0.4", port, true);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                a.host().connection(b.peerId()).isPresent()
                    && a.host().connection(c.peerId()).isPresent()
                    && b.host().connection(c.peerId()).isPresent());
    // Nobody dials itself: its own address is not a target.
    Multiaddr self = Multiaddr.parse("/ip4/127.0.0.2/tcp/" + port);
    assertThat(a.bootstrapManager().orElseThrow().addresses()).doesNotContain(self);

    // 127.0.0.5 is listed but does not listen yet: refused, again and again. After 5 failures
    // the bootstrap backoff would wait 16 s; the DNS redial waits at most 5 s.
    Multiaddr late = Multiaddr.parse("/ip4/127.0.0.5/tcp/" + port);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> a.bootstrapManager().orElseThrow().failures(late) >= 5);
    // d runs no discovery of its own, so only the others' redials can connect it.
    P2pNode d = replica("127.0.0.5", port, false);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                a.host().connection(d.peerId()).isPresent()
                    && b.host().connection(d.peerId()).isPresent()
                    && c.host().connection(d.peerId()).isPresent()
                    && a.bootstrapManager().orElseThrow().failures(late) == 0);
  }
}
