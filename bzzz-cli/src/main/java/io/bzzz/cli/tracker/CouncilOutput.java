package io.bzzz.cli.tracker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.agent.council.CouncilLedger;
import io.bzzz.agent.council.PlanFiler;
import io.bzzz.agent.council.RoleRef;
import io.bzzz.agent.council.Seat;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A council as the tracker records it, for {@code bzzz council list|show}: one JSON object. */
final class CouncilOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CouncilOutput() {}

  static String names(List<String> names) {
    ArrayNode a = JSON.createArrayNode();
    names.forEach(a::add);
    return a.toString();
  }

  static ObjectNode council(Tracker t, Task brief, boolean withSubtasks) {
    // display only, with whatever token: markers as anyone wrote them (agents act on their own)
    CouncilLedger.View v = CouncilLedger.read(t, brief.number(), author -> true);
    ObjectNode o = JSON.createObjectNode();
    o.put("council_id", String.valueOf(brief.number()));
    o.put("repository", t.repo().toString());
    o.put("brief", brief.number()).put("project", brief.title());
    o.put("brief_state", brief.state().name().toLowerCase(java.util.Locale.ROOT));
    o.put("state", v.state().map(s -> s.wireName()).orElse("unformed"));
    ObjectNode members = o.putObject("members");
    Map<String, Seat> sorted = new TreeMap<>(v.members());
    sorted.forEach(
        (role, s) ->
            members
                .putObject(role)
                .put("name", s.holder().name())
                .put("peer_id", s.peerId().orElse(""))
                .put("attempt", s.attempt())
                .put("ref", new RoleRef(brief.number(), role, s.attempt()).name()));
    if (withSubtasks) {
      ArrayNode subtasks = o.putArray("subtasks");
      PlanFiler.filed(t, brief.number())
          .forEach(
              (key, task) ->
                  subtasks
                      .addObject()
                      .put("key", key)
                      .put("number", task.number())
                      .put("title", task.title())
                      .put("state", TaskOutput.state(task)));
    }
    return o;
  }
}
