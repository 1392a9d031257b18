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
    AgentView.AgentInfo a = h.agent();
    ObjectNode agent = o.putObject("agent");
    agent.put("id", a.id());
    agent.put("name", a.name());
    strings(agent.putArray("capabilities"), a.capabilities());
    strings(agent.putArray("models"), a.models());
    agent.put("specialization", a.specialization());
    agent.put("version", a.version());
    agent.put("max_tasks", a.maxTasks());
    agent.put("current_tasks", a.currentTasks());
    agent.put("log_key", a.logKey());
    return o.toString();
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
      ObjectNode e = list.addObject();
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
    }
    return o.toString();
  }

  static String tasks(List<TaskBoard.Entry> tasks) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode list = o.putArray("tasks");
    for (TaskBoard.Entry t : tasks) {
      ObjectNode e = list.addObject();
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
    return o.toString();
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
