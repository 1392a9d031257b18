package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.events.EventHub;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;

/** What an agent shows the HTTP API: read-only snapshots, no transport types. */
public interface AgentView {

  /** The {@code agent} object of {@code /api/health}. */
  record AgentInfo(
      String id,
      String name,
      List<String> capabilities,
      List<String> models,
      String specialization,
      String version,
      int maxTasks,
      int currentTasks,
      String logKey) {}

  /** {@code /api/health}. */
  record Health(
      String status,
      String peerId,
      List<String> multiaddrs,
      int connectedPeers,
      List<String> gossipsubTopics,
      long uptimeSeconds,
      AgentInfo agent) {}

  /** One entry of {@code /api/v1/bootstrap-peers}. */
  record BootstrapPeer(
      String peerId, List<String> multiaddrs, String name, int priority, String lastSeen) {}

  /**
   * Numbers for {@code /metrics}.
   *
   * @param latencies the histograms and per-peer round-trip times, as the metrics library keeps
   *     them
   */
  record Metrics(
      int peers,
      Map<String, Long> messagesIn,
      Map<String, Long> messagesOut,
      long malformedMessages,
      AgentMetrics.Snapshot tasks,
      long logLength,
      int currentTasks,
      MetricSnapshots latencies) {}

  /** A live connection of the agent's libp2p host. */
  record ConnectionInfo(String peerId, String remoteAddress, boolean outbound) {}

  /**
   * {@code /api/v1/mesh}: the agent, its peers, its connections, the gossipsub mesh peers per topic
   * and its tasks, taken at one moment.
   *
   * @param status {@code ready}, {@code working} or {@code busy}, as in its availability broadcast
   * @param api the health URL of this agent's HTTP API, empty when it has none
   * @param receivedFrom coordination messages received per origin peer id since the start (the
   *     visualizer weighs links by them)
   */
  record Mesh(
      AgentInfo agent,
      String status,
      String api,
      List<String> multiaddrs,
      List<PeerTable.PeerView> peers,
      List<ConnectionInfo> connections,
      Map<String, List<String>> meshPeers,
      List<TaskBoard.Entry> tasks,
      Map<String, Long> receivedFrom) {
    public Mesh {
      receivedFrom = Map.copyOf(receivedFrom);
    }

    /** A snapshot without message counts. */
    public Mesh(
        AgentInfo agent,
        String status,
        String api,
        List<String> multiaddrs,
        List<PeerTable.PeerView> peers,
        List<ConnectionInfo> connections,
        Map<String, List<String>> meshPeers,
        List<TaskBoard.Entry> tasks) {
      this(agent, status, api, multiaddrs, peers, connections, meshPeers, tasks, Map.of());
    }
  }

  /**
   * The bootstrap entries of the live peers whose addresses a capability broadcast told: their
   * multiaddrs, priority 1 when available for work, else 2.
   */
  static List<BootstrapPeer> heardPeers(List<PeerTable.PeerView> peers) {
    List<BootstrapPeer> out = new java.util.ArrayList<>();
    for (PeerTable.PeerView p : peers) {
      if (p.state() != PeerTable.State.LIVE || p.capabilities().isEmpty()) {
        continue;
      }
      out.add(
          new BootstrapPeer(
              p.peerId(),
              p.capabilities().get().multiaddrs(),
              p.capabilities().get().name(),
              p.availability().map(a -> a.availableForWork() ? 1 : 2).orElse(2),
              p.lastSeen().toString()));
    }
    return out;
  }

  Health health();

  Mesh mesh();

  /** The agent's event feed, for {@code /api/v1/events}. */
  EventHub events();

  List<BootstrapPeer> bootstrapPeers();

  List<PeerTable.PeerView> peers();

  List<TaskBoard.Entry> tasks();

  Metrics metrics();
}
