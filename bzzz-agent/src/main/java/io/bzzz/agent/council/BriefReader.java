package io.bzzz.agent.council;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bzzz.agent.config.Durations;
import io.bzzz.agent.exec.ScriptBlock;
import io.bzzz.tracker.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a brief (an issue labelled {@code chorus-entrypoint}) into a {@link CouncilSpec}: roles
 * from a fenced {@code bzzz-council} block, else from {@code role:<name>} labels (all core), else
 * the roles file's defaults. Pure; the issue text is untrusted, so every field is checked.
 */
public final class BriefReader {
  public static final String ENTRYPOINT = "chorus-entrypoint";
  public static final String COUNCIL_BLOCK = "bzzz-council";
  static final String ROLE_LABEL = "role:";

  private BriefReader() {}

  public static CouncilSpec spec(Task brief, RoleBook book, Duration defaultDeadline) {
    Optional<JsonNode> block = yamlBlock(brief.body(), COUNCIL_BLOCK);
    List<String> labelled =
        brief.labels().stream()
            .filter(l -> l.startsWith(ROLE_LABEL))
            .map(l -> l.substring(ROLE_LABEL.length()).trim())
            .toList();
    List<String> core;
    List<String> optional;
    if (block.isPresent() && block.get().has("core")) {
      core = names(block.get().path("core"), "core");
      optional = names(block.get().path("optional"), "optional");
    } else if (!labelled.isEmpty()) {
      core = labelled;
      optional = block.map(b -> names(b.path("optional"), "optional")).orElse(List.of());
    } else {
      core = book.defaultCore();
      optional =
          block.map(b -> names(b.path("optional"), "optional")).orElse(book.defaultOptional());
    }
    String lead =
        block
            .map(b -> b.path("lead"))
            .filter(JsonNode::isTextual)
            .map(JsonNode::asText)
            .orElse(core.isEmpty() ? "" : core.get(0));
    Duration deadline =
        block
            .map(b -> b.path("deadline"))
            .filter(n -> !n.isMissingNode() && !n.isNull())
            .map(
                n ->
                    Durations.parse(n.asText())
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "deadline '" + n.asText() + "' is not a duration (60s, 2m)")))
            .orElse(defaultDeadline);
    return new CouncilSpec(
        brief.number(), brief.repo().toString(), brief.title(), core, optional, lead, deadline);
  }

  /** The YAML of the one fenced block {@code info}; empty when there is none. */
  static Optional<JsonNode> yamlBlock(String body, String info) {
    return switch (ScriptBlock.extract(body, info)) {
      case ScriptBlock.Found f -> Optional.of(parseYaml(f.script(), info));
      case ScriptBlock.NotFound n -> Optional.empty();
      case ScriptBlock.Ambiguous a ->
          throw new IllegalArgumentException(
              "the brief has " + a.count() + " ```" + info + " blocks; at most one is allowed");
      case ScriptBlock.Unterminated u ->
          throw new IllegalArgumentException(
              "the ```" + info + " block opened on line " + u.line() + " is never closed");
      case ScriptBlock.TooLarge t ->
          throw new IllegalArgumentException("the brief is too large (" + t.chars() + " chars)");
    };
  }

  private static JsonNode parseYaml(String text, String info) {
    try {
      JsonNode node = new YAMLMapper().readTree(text);
      if (node == null || node.isMissingNode() || node.isNull()) {
        throw new IllegalArgumentException("the ```" + info + " block is empty");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the ```" + info + " block is not YAML: " + e.getMessage(), e);
    }
  }

  private static List<String> names(JsonNode node, String field) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      for (String part : node.asText().split(",")) {
        if (!part.isBlank()) {
          out.add(RoleRef.requireRole(part.trim()));
        }
      }
      return out;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException("'" + field + "' must list role names");
    }
    for (JsonNode n : node) {
      out.add(RoleRef.requireRole(n.asText().trim()));
    }
    return out;
  }
}
