package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.mdns.PeerNames;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.NodeConfig;
import io.bzzz.p2p.node.P2pNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Real libp2p nodes on loopback: a connected peer gets an RTT series from real pings, and the
 * series goes when the peer leaves, while the one of a peer still connected stays.
 */
class PeerRttTest {
  private static final String GAUGE = "bzzz_peer_rtt_seconds";

  @Test
  void aConnectedPeerHasAnRttSeriesUntilItLeaves() throws Exception {
    LatencyMetrics metrics = new LatencyMetrics();
    try (P2pNode a = node();
        P2pNode b = node();
        P2pNode c = node()) {
      a.host().connect(address(b));
      a.host().connect(address(c));
      String bId = b.peerId().toString();
      String cId = c.peerId().toString();
      try (PeerRtt rtt =
          new PeerRtt(
              a.host(),
              metrics,
              Duration.ofMillis(100),
              Duration.ofSeconds(5),
              new SecureRandom())) {
        rtt.start();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> MetricSnapshotsRead.gaugeBy(metrics.snapshot(), GAUGE, "peer").size() == 2);
        Map<String, Double> seen = MetricSnapshotsRead.gaugeBy(metrics.snapshot(), GAUGE, "peer");
        assertThat(seen).containsOnlyKeys(bId, cId);
        assertThat(seen.values()).allSatisfy(v -> assertThat(v).isPositive().isLessThan(5.0));
        assertThat(
                MetricSnapshotsRead.histogram(
                    metrics.snapshot(), "bzzz_ping_rtt_seconds", Map.of())[0])
            .isGreaterThanOrEqualTo(2);

        b.close(); // b leaves: its series goes, c's stays and keeps being measured
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    !MetricSnapshotsRead.gaugeBy(metrics.snapshot(), GAUGE, "peer")
                        .containsKey(bId));
        double pings =
            MetricSnapshotsRead.histogram(metrics.snapshot(), "bzzz_ping_rtt_seconds", Map.of())[0];
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    MetricSnapshotsRead.histogram(
                            metrics.snapshot(), "bzzz_ping_rtt_seconds", Map.of())[0]
                        > pings);
        assertThat(MetricSnapshotsRead.gaugeBy(metrics.snapshot(), GAUGE, "peer"))
            .containsOnlyKeys(cId);
      }
    }
  }

  private static P2pNode node() throws Exception {
    return P2pNode.start(
        NodeConfig.defaults(PrivateKey.generate(), PeerNames.random(new SecureRandom()))
            .withListen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
            .withMdns(Optional.empty()));
  }

  private static Multiaddr address(P2pNode n) {
    return Multiaddr.parse(n.host().listenAddresses().getFirst() + "/p2p/" + n.peerId());
  }
}
