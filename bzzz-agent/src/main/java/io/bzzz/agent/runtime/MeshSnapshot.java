package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.p2p.Connection;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.node.P2pNode;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Assembles {@link AgentView.Mesh} from the node, the peer table and the task board. */
public final class MeshSnapshot {
  private MeshSnapshot() {}

  static AgentView.Mesh of(
      AgentView.Health health,
      String api,
      P2pNode node,
      PeerTable peers,
      TaskBoard board,
      Map<String, Long> receivedFrom) {
    return of(health, api, node, peers, board.entries(), receivedFrom);
  }

  /** The same for a node without a task board (a monitor shows no tasks of its own). */
  public static AgentView.Mesh of(
      AgentView.Health health,
      String api,
      P2pNode node,
      PeerTable peers,
      List<TaskBoard.Entry> tasks,
      Map<String, Long> receivedFrom) {
    AgentView.AgentInfo agent = health.agent();
    List<AgentView.ConnectionInfo> connections = new ArrayList<>();
    for (Connection c : node.host().connections()) {
      if (c.isOpen()) {
        connections.add(
            new AgentView.ConnectionInfo(
                c.remotePeer().toString(), c.remoteAddress().toString(), c.outbound()));
      }
    }
    connections.sort(Comparator.comparing(AgentView.ConnectionInfo::peerId));
    Map<String, List<String>> mesh = new TreeMap<>();
    node.pubsub().ifPresent(p -> meshPeers(p, mesh));
    return new AgentView.Mesh(
        agent,
        status(agent.currentTasks(), agent.maxTasks()).wireName(),
        api,
        health.multiaddrs(),
        peers.peers(),
        connections,
        mesh,
        tasks,
        receivedFrom);
  }

  private static void meshPeers(GossipsubService pubsub, Map<String, List<String>> out) {
    for (String topic : pubsub.topics()) {
      out.put(topic, pubsub.meshPeers(topic).stream().map(PeerId::toString).sorted().toList());
    }
  }

  private static Payload.AvailabilityBroadcast.Status status(int current, int max) {
    // the availability broadcast's own rule, so the page and the mesh agree
    return Payload.AvailabilityBroadcast.of(
            "", Math.min(current, max), max, Instant.EPOCH, Instant.EPOCH, List.of())
        .status();
  }
}
