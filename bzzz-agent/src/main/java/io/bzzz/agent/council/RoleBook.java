package io.bzzz.agent.council;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The roles file (docs/councils.md): which capabilities each council role needs ({@code needs:}
 * semantics: an agent may hold the role when it has every one), and the roles a brief that names
 * none gets. A role the file does not list needs the capability of its own name, so {@code
 * --capability tester} is enough to hold role {@code tester}.
 *
 * @param roles each listed role's needs
 * @param defaultCore the core roles of a brief that names none
 * @param defaultOptional the optional roles of a brief that names none
 */
public record RoleBook(
    Map<String, List<String>> roles, List<String> defaultCore, List<String> defaultOptional) {
  /** A roles file larger than this is refused before parsing. */
  static final int MAX_BYTES = 64 * 1024;

  static final String EMBEDDED = "/io/bzzz/agent/council/roles.yaml";

  public RoleBook {
    roles = Map.copyOf(roles);
    defaultCore = List.copyOf(defaultCore);
    defaultOptional = List.copyOf(defaultOptional);
    if (defaultCore.isEmpty()) {
      throw new IllegalArgumentException("the roles file names no default core role");
    }
    roles.keySet().forEach(RoleRef::requireRole);
    defaultCore.forEach(RoleRef::requireRole);
    defaultOptional.forEach(RoleRef::requireRole);
  }

  /** The capabilities {@code role} needs, as bare names ({@code gpu}, not {@code needs:gpu}). */
  public List<String> needs(String role) {
    return roles.getOrDefault(role, List.of(role));
  }

  /** The {@code needs:} labels of a subtask for {@code role}. */
  public List<String> needsLabels(String role) {
    return needs(role).stream().map(n -> "needs:" + n).toList();
  }

  /** Whether an agent with {@code capabilities} may hold {@code role}. */
  public boolean canHold(String role, Collection<String> capabilities) {
    return capabilities.containsAll(needs(role));
  }

  /** The roles file built into Bzzz. */
  public static RoleBook embedded() {
    try (InputStream in = RoleBook.class.getResourceAsStream(EMBEDDED)) {
      if (in == null) {
        throw new IllegalStateException("the embedded roles file is missing: " + EMBEDDED);
      }
      return parse(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8), EMBEDDED);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a roles file; a clear {@link IllegalArgumentException} names what is wrong in it. */
  public static RoleBook load(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new IllegalArgumentException(
          file + ": a roles file is at most " + MAX_BYTES + " bytes");
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  static RoleBook parse(String yaml, String source) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not YAML: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + ": expected a mapping with 'roles:'");
    }
    Map<String, List<String>> roles = new LinkedHashMap<>();
    JsonNode listed = root.path("roles");
    if (!listed.isMissingNode() && !listed.isObject()) {
      throw new IllegalArgumentException(
          source + ": 'roles' must map role names to {needs: [...]}");
    }
    for (Map.Entry<String, JsonNode> e : listed.properties()) {
      roles.put(e.getKey(), strings(e.getValue().path("needs"), source + ": roles." + e.getKey()));
    }
    try {
      return new RoleBook(
          roles,
          strings(root.path("default_core_roles"), source + ": default_core_roles"),
          strings(root.path("default_optional_roles"), source + ": default_optional_roles"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static List<String> strings(JsonNode node, String where) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(where + " must be a list");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isTextual() || n.asText().isBlank()) {
        throw new IllegalArgumentException(where + " must list names");
      }
      out.add(n.asText().trim());
    }
    return out;
  }
}
