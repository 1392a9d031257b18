package io.bzzz.agent.council;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The deterministic plan of a brief: a fenced {@code bzzz-plan} block, a YAML list of subtasks,
 * each with a local {@code key}, a {@code title}, a {@code body}, the {@code role} that does it and
 * the keys it {@code depends_on} (docs/councils.md). Checked whole before anything is filed: keys
 * unique, roles of the council, dependencies known and without a cycle.
 */
public final class PlanBlock {
  public static final String INFO = "bzzz-plan";
  static final int MAX_SUBTASKS = 50;
  static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

  /** One planned subtask. */
  public record Subtask(
      String key, String title, String body, String role, List<String> dependsOn) {
    public Subtask {
      dependsOn = List.copyOf(dependsOn);
    }
  }

  private PlanBlock() {}

  /** The plan in {@code body}, in the block's order; empty when the brief has no plan block. */
  public static Optional<List<Subtask>> parse(String body, List<String> roles) {
    Optional<JsonNode> block = BriefReader.yamlBlock(body, INFO);
    if (block.isEmpty()) {
      return Optional.empty();
    }
    JsonNode list = block.get().isArray() ? block.get() : block.get().path("subtasks");
    if (!list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException("the ```" + INFO + " block must list subtasks");
    }
    if (list.size() > MAX_SUBTASKS) {
      throw new IllegalArgumentException("a plan has at most " + MAX_SUBTASKS + " subtasks");
    }
    Map<String, Subtask> byKey = new LinkedHashMap<>();
    for (JsonNode n : list) {
      String key = text(n, "key");
      if (!KEY.matcher(key).matches()) {
        throw new IllegalArgumentException(
            "subtask key '" + key + "': lower-case letters, digits, '-' and '_' (at most 40)");
      }
      String title = text(n, "title");
      if (title.length() > 200) {
        throw new IllegalArgumentException("subtask '" + key + "': title over 200 characters");
      }
      String role = text(n, "role");
      if (!roles.contains(role)) {
        throw new IllegalArgumentException(
            "subtask '" + key + "': role '" + role + "' is not a role of the council " + roles);
      }
      List<String> deps = new ArrayList<>();
      JsonNode d = n.path("depends_on");
      if (d.isTextual()) {
        deps.add(d.asText());
      } else if (d.isArray()) {
        d.forEach(x -> deps.add(x.asText()));
      } else if (!d.isMissingNode() && !d.isNull()) {
        throw new IllegalArgumentException("subtask '" + key + "': depends_on must list keys");
      }
      String text = n.path("body").isTextual() ? n.path("body").asText() : "";
      if (byKey.put(key, new Subtask(key, title, text, role, deps)) != null) {
        throw new IllegalArgumentException("subtask key '" + key + "' appears twice");
      }
    }
    for (Subtask s : byKey.values()) {
      for (String dep : s.dependsOn()) {
        if (!byKey.containsKey(dep)) {
          throw new IllegalArgumentException(
              "subtask '" + s.key() + "' depends on unknown key '" + dep + "'");
        }
      }
    }
    return Optional.of(inDependencyOrder(byKey));
  }

  /** Dependencies first (each subtask is filed after those it names); a cycle is refused. */
  private static List<Subtask> inDependencyOrder(Map<String, Subtask> byKey) {
    List<Subtask> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Map<String, Integer> pending = new HashMap<>();
    while (out.size() < byKey.size()) {
      boolean progressed = false;
      for (Subtask s : byKey.values()) {
        if (!done.contains(s.key()) && done.containsAll(s.dependsOn())) {
          out.add(s);
          done.add(s.key());
          progressed = true;
        }
      }
      if (!progressed) {
        byKey.keySet().stream().filter(k -> !done.contains(k)).forEach(k -> pending.put(k, 1));
        throw new IllegalArgumentException(
            "the plan's dependencies form a cycle among " + pending.keySet());
      }
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.isValueNode() || v.asText().isBlank()) {
      throw new IllegalArgumentException("every subtask needs a '" + field + "'");
    }
    return v.asText().trim();
  }
}
