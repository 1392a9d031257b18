package io.bzzz.agent.monitor;

import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.events.EventHub;
import io.bzzz.agent.runtime.AgentMetrics;
import io.bzzz.agent.runtime.AgentView;
import io.bzzz.agent.runtime.MeshSnapshot;
import io.bzzz.log.SignedLog;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.P2pNode;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What the monitor shows the read-only API ({@code ApiServer} serves it as it serves an agent):
 * health under the name {@code monitor} with no capabilities and no task slots, the peers it heard
 * (for {@code /api/v1/bootstrap-peers} and the Visualizer), its event feed, no tasks.
 */
public final class MonitorView implements AgentView {
  /** The name the monitor gives itself in health and the bootstrap list. */
  public static final String NAME = "monitor";

  private final P2pNode node;
  private final PeerTable peers;
  private final EventHub events;
  private final InstantSource clock;
  private final Instant started;
  private final String version;
  private final SignedLog log;
  private final Map<String, Long> byTopic;
  private final Map<String, Long> byPeer;
  private final List<String> topics;

  MonitorView(
      P2pNode node,
      PeerTable peers,
      EventHub events,
      InstantSource clock,
      String version,
      SignedLog log,
      Map<String, Long> byTopic,
      Map<String, Long> byPeer,
      List<String> topics) {
    this.node = node;
    this.peers = peers;
    this.events = events;
    this.clock = clock;
    this.started = clock.instant();
    this.version = version;
    this.log = log;
    this.byTopic = byTopic;
    this.byPeer = byPeer;
    this.topics = List.copyOf(topics);
  }

  private List<String> multiaddrs() {
    return node.fullAddresses().stream().map(Multiaddr::toString).toList();
  }

  @Override
  public Health health() {
    String id = node.peerId().toString();
    return new Health(
        "ok",
        id,
        multiaddrs(),
        node.host().connections().size(),
        topics.stream().sorted().toList(),
        Duration.between(started, clock.instant()).toSeconds(),
        new AgentInfo(
            id,
            NAME,
            List.of(),
            List.of(),
            NAME,
            version,
            1, // one so that the Visualizer's status rule reads "ready"; it never takes a task
            0,
            HexFormat.of().formatHex(log.key())));
  }

  @Override
  public Mesh mesh() {
    return MeshSnapshot.of(health(), "", node, peers, List.of(), Map.copyOf(byPeer));
  }

  @Override
  public EventHub events() {
    return events;
  }

  @Override
  public List<BootstrapPeer> bootstrapPeers() {
    List<BootstrapPeer> out = new ArrayList<>();
    out.add(
        new BootstrapPeer(
            node.peerId().toString(), multiaddrs(), NAME, 2, clock.instant().toString()));
    out.addAll(AgentView.heardPeers(peers.peers()));
    return out;
  }

  @Override
  public List<PeerTable.PeerView> peers() {
    return peers.peers();
  }

  @Override
  public List<io.bzzz.agent.runtime.TaskBoard.Entry> tasks() {
    return List.of();
  }

  @Override
  public Metrics metrics() {
    return new Metrics(
        (int) peers.peers().stream().filter(p -> p.state() == PeerTable.State.LIVE).count(),
        Map.copyOf(byTopic),
        Map.of(),
        0,
        new AgentMetrics().snapshot(),
        log.length(),
        0,
        new MetricSnapshots());
  }
}
