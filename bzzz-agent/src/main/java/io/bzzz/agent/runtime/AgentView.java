package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.PeerTable;
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

  /** Numbers for {@code /metrics}. */
  record Metrics(
      int peers,
      Map<String, Long> messagesIn,
      Map<String, Long> messagesOut,
      long malformedMessages,
      AgentMetrics.Snapshot tasks,
      long logLength,
      int currentTasks) {}

  Health health();

  List<BootstrapPeer> bootstrapPeers();

  List<PeerTable.PeerView> peers();

  List<TaskBoard.Entry> tasks();

  Metrics metrics();
}
