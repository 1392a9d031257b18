package io.bzzz.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.agent.council.CouncilView;
import io.bzzz.agent.council.FormRequest;
import io.bzzz.agent.council.PlanItem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The JSON of {@code /api/v1/councils} (docs/councils.md); no HTTP here. */
final class CouncilJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CouncilJson() {}

  static String list(List<CouncilView> councils) {
    ObjectNode o = JSON.createObjectNode();
    councils.forEach(c -> view(o.withArray("councils").addObject(), c));
    o.withArray("councils");
    return o.toString();
  }

  static String one(CouncilView c) {
    return view(JSON.createObjectNode(), c).toString();
  }

  private static ObjectNode view(ObjectNode o, CouncilView c) {
    o.put("council_id", c.id()).put("repository", c.repository()).put("brief", c.brief());
    o.put("project", c.project()).put("state", c.state().wireName()).put("attempt", c.attempt());
    c.coreRoles().forEach(o.putArray("core_roles")::add);
    c.optionalRoles().forEach(o.putArray("optional_roles")::add);
    o.put("lead_role", c.leadRole());
    ObjectNode members = o.putObject("members");
    c.members()
        .forEach(
            (role, m) -> members.putObject(role).put("peer_id", m.peerId()).put("name", m.name()));
    c.missing().forEach(o.putArray("missing_roles")::add);
    c.deadline().ifPresent(d -> o.put("deadline", d.toString()));
    c.subtasks().forEach(o.putArray("subtasks")::add);
    ArrayNode plan = o.putArray("plan");
    for (PlanItem p : c.plan()) {
      ObjectNode item = plan.addObject().put("number", p.number()).put("title", p.title());
      item.put("role", p.role());
      p.dependsOn().forEach(item.putArray("depends_on")::add);
      item.put("state", p.state());
    }
    return o;
  }

  static String created(int id, String repository) {
    return JSON.createObjectNode()
        .put("council_id", String.valueOf(id))
        .put("repository", repository)
        .put("brief", id)
        .put("state", "forming")
        .put("url", "/api/v1/councils/" + id)
        .toString();
  }

  static String error(String message) {
    return JSON.createObjectNode().put("error", message).toString();
  }

  /** The WHOOSH request shape: {@code project_name, repository, core_roles, optional_roles}. */
  static FormRequest request(String body) {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    return new FormRequest(
        n.path("project_name").asText(null),
        n.path("repository").asText(null),
        roles(n.path("core_roles"), "core_roles"),
        roles(n.path("optional_roles"), "optional_roles"));
  }

  private static List<String> roles(JsonNode n, String field) {
    List<String> out = new ArrayList<>();
    if (n.isMissingNode() || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(field + " must be a list of role names");
    }
    for (JsonNode r : n) {
      // WHOOSH sent role objects ({"name": ...}) as well as plain names
      out.add(r.isObject() ? r.path("name").asText("") : r.asText(""));
    }
    return out;
  }
}
