package io.bzzz.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.runtime.AgentView;
import io.bzzz.agent.runtime.TaskBoard;
import java.util.List;

/** The JSON bodies of DESIGN §8, with the contract's field names; no HTTP here. */
final class ApiJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiJson() {}

  static String health(AgentView.Health h) {
    ObjectNode o = JSON.createObjectNode();
    o.put("status", h.status());
    o.put("peer_id", h.peerId());
    strings(o.putArray("multiaddrs"), h.multiaddrs());
    o.put("connected_peers", h.connectedPeers());
    strings(o.putArray("gossipsub_topics"), h.gossipsubTopics());
    o.put("uptime_s", h.uptimeSeconds());
    agentInfo(o.putObject("agent"), h.agent());
    return o.toString();
  }

  private static ObjectNode agentInfo(ObjectNode agent, AgentView.AgentInfo a) {
    agent.put("id", a.id());
    agent.put("name", a.name());
    strings(agent.putArray("capabilities"), a.capabilities());
    strings(agent.putArray("models"), a.models());
    agent.put("specialization", a.specialization());
    agent.put("version", a.version());
    agent.put("max_tasks", a.maxTasks());
    agent.put("current_tasks", a.currentTasks());
    agent.put("log_key", a.logKey());
    return agent;
  }

  static String bootstrapPeers(List<AgentView.BootstrapPeer> peers) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode list = o.putArray("peers");
    for (AgentView.BootstrapPeer p : peers) {
      ObjectNode e = list.addObject();
      e.put("peer_id", p.peerId());
      strings(e.putArray("multiaddrs"), p.multiaddrs());
      e.put("name", p.name());
      e.put("priority", p.priority());
      e.put("last_seen", p.lastSeen());
    }
    return o.toString();
  }

  static String peers(List<PeerTable.PeerView> peers) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode list = o.putArray("peers");
    for (PeerTable.PeerView p : peers) {
      peer(list.addObject(), p);
    }
    return o.toString();
  }

  /**
   * {@code /api/v1/mesh} of {@code agent}: the snapshot below plus its {@code scheduling} figures
   * ({@link SchedulingJson}).
   */
  static ObjectNode mesh(AgentView agent) {
    ObjectNode o = mesh(agent.mesh());
    o.set("scheduling", SchedulingJson.of(agent.metrics().latencies()));
    return o;
  }

  /**
   * {@code /api/v1/mesh}: {@code agent} (the health body's agent object plus status, api and
   * multiaddrs), {@code peers} (as {@code /api/v1/peers}, plus {@code connected}), {@code
   * connections}, {@code topics} (mesh peers per topic) and {@code tasks} (as {@code
   * /api/v1/tasks}).
   */
  static ObjectNode mesh(AgentView.Mesh m) {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode agent = agentInfo(o.putObject("agent"), m.agent());
    agent.put("status", m.status());
    agent.put("api", m.api());
    strings(agent.putArray("multiaddrs"), m.multiaddrs());
    java.util.Set<String> connected = new java.util.HashSet<>();
    ArrayNode connections = o.putArray("connections");
    for (AgentView.ConnectionInfo c : m.connections()) {
      connected.add(c.peerId());
      ObjectNode e = connections.addObject();
      e.put("peer_id", c.peerId());
      e.put("remote_addr", c.remoteAddress());
      e.put("direction", c.outbound() ? "outbound" : "inbound");
    }
    ArrayNode peers = o.putArray("peers");
    for (PeerTable.PeerView p : m.peers()) {
      ObjectNode e = peer(peers.addObject(), p).put("connected", connected.contains(p.peerId()));
      // additions for the visualizer: where the peer runs (its group by host) and how busy its
      // link to this agent is
      p.capabilities().ifPresent(c -> strings(e.putArray("multiaddrs"), c.multiaddrs()));
      e.put("messages_received", m.receivedFrom().getOrDefault(p.peerId(), 0L));
    }
    ObjectNode topics = o.putObject("topics");
    m.meshPeers().forEach((topic, ids) -> strings(topics.putArray(topic), ids));
    ArrayNode tasks = o.putArray("tasks");
    m.tasks().forEach(t -> task(tasks.addObject(), t));
    return o;
  }

  private static ObjectNode peer(ObjectNode e, PeerTable.PeerView p) {
    e.put("peer_id", p.peerId());
    e.put("state", p.state().name().toLowerCase(java.util.Locale.ROOT));
    e.put("last_seen", p.lastSeen().toString());
    p.capabilities()
        .ifPresent(
            c -> {
              strings(e.putArray("capabilities"), c.capabilities());
              strings(e.putArray("models"), c.models());
              e.put("specialization", c.specialization());
              e.put("log_key", c.logKey());
              e.put("api", c.api());
            });
    p.availability()
        .ifPresent(
            a -> {
              e.put("available_for_work", a.availableForWork());
              e.put("current_tasks", a.currentTasks());
              e.put("max_tasks", a.maxTasks());
              e.put("status", a.status().wireName());
            });
    return e;
  }

  static String tasks(List<TaskBoard.Entry> tasks) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode list = o.putArray("tasks");
    for (TaskBoard.Entry t : tasks) {
      task(list.addObject(), t);
    }
    return o.toString();
  }

  private static void task(ObjectNode e, TaskBoard.Entry t) {
    ObjectNode ref = e.putObject("task");
    ref.put("tracker", t.task().tracker());
    ref.put("repository", t.task().repository());
    ref.put("number", t.task().number());
    e.put("title", t.title());
    e.put("branch", t.branch());
    e.put("attempt", t.attempt());
    e.put("stage", t.stage().name().toLowerCase(java.util.Locale.ROOT));
    e.put("detail", t.detail());
    t.pullRequest().ifPresent(pr -> e.put("pull_request", pr));
    e.put("updated", t.updated().toString());
  }

  static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
