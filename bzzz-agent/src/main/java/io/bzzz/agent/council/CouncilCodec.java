package io.bzzz.agent.council;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Encodes and decodes the council topic's envelopes ({@code type, from, timestamp, data,
 * hop_count}, as DESIGN §3). The only place that knows their wire field names. Decoding checks the
 * size first and every field's shape; anything else is a {@link IllegalArgumentException} naming
 * the field, and a type this agent does not know decodes to empty.
 */
public final class CouncilCodec {
  static final int MAX_BYTES = 64 * 1024;

  /** A decoded message and the peer id its envelope names as sender. */
  public record Received(String from, Instant timestamp, CouncilMessage message) {}

  private final ObjectMapper json =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(8)
                          .maxStringLength(MAX_BYTES)
                          .maxNumberLength(32)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  public byte[] encode(String from, Instant now, CouncilMessage message) {
    ObjectNode env = json.createObjectNode();
    env.put("type", message.wireType()).put("from", from).put("timestamp", now.toString());
    ObjectNode d = env.putObject("data");
    d.put("council_id", message.councilId()).put("repository", message.repository());
    switch (message) {
      case CouncilMessage.Opportunity o -> {
        d.put("project", o.project()).put("entrypoint_issue", o.entrypointIssue());
        o.coreRoles().forEach(d.putArray("core_roles")::add);
        o.optionalRoles().forEach(d.putArray("optional_roles")::add);
        d.put("deadline", o.deadline().toString()).put("lead_role", o.leadRole());
        d.put("attempt", o.attempt());
        ObjectNode filled = d.putObject("filled");
        o.filled().forEach(filled::put);
      }
      case CouncilMessage.Status s -> {
        d.put("state", s.state().wireName()).put("attempt", s.attempt());
        ObjectNode members = d.putObject("members");
        s.members()
            .forEach(
                (role, m) ->
                    members.putObject(role).put("peer_id", m.peerId()).put("name", m.name()));
        s.missingRoles().forEach(d.putArray("missing_roles")::add);
      }
      case CouncilMessage.RoleClaimed r ->
          d.put("role", r.role())
              .put("attempt", r.attempt())
              .put("peer_id", r.peerId())
              .put("name", r.name());
    }
    env.put("hop_count", 0);
    return env.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The message in {@code bytes}; empty for a type this agent does not know. */
  public Optional<Received> decode(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("message of " + bytes.length + " bytes is too large");
    }
    JsonNode env;
    try {
      env = json.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (env == null || !env.isObject()) {
      throw new IllegalArgumentException("the envelope is not an object");
    }
    String type = text(env, "type");
    String from = text(env, "from");
    Instant at = instant(env, "timestamp");
    JsonNode d = env.path("data");
    if (!d.isObject()) {
      throw new IllegalArgumentException("data: not an object");
    }
    String council = text(d, "council_id");
    if (!council.matches("[1-9][0-9]{0,9}")) {
      throw new IllegalArgumentException("data.council_id: not an issue number");
    }
    String repo = text(d, "repository");
    CouncilMessage m =
        switch (type) {
          case "council_opportunity" ->
              new CouncilMessage.Opportunity(
                  council,
                  text(d, "project"),
                  repo,
                  number(d, "entrypoint_issue"),
                  roles(d, "core_roles"),
                  roles(d, "optional_roles"),
                  instant(d, "deadline"),
                  RoleRef.requireRole(text(d, "lead_role")),
                  number(d, "attempt"),
                  filled(d.path("filled")));
          case "council_status" ->
              new CouncilMessage.Status(
                  council,
                  repo,
                  CouncilState.fromWire(text(d, "state"))
                      .orElseThrow(() -> new IllegalArgumentException("data.state: unknown")),
                  members(d.path("members")),
                  roles(d, "missing_roles"),
                  number(d, "attempt"));
          case "council_role_claimed" ->
              new CouncilMessage.RoleClaimed(
                  council,
                  repo,
                  RoleRef.requireRole(text(d, "role")),
                  number(d, "attempt"),
                  text(d, "peer_id"),
                  text(d, "name"));
          default -> null;
        };
    return Optional.ofNullable(m).map(x -> new Received(from, at, x));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > 1024) {
      throw new IllegalArgumentException(field + ": missing or not text");
    }
    return v.asText();
  }

  private static int number(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
      throw new IllegalArgumentException(field + ": not a non-negative integer");
    }
    return v.asInt();
  }

  private static Instant instant(JsonNode n, String field) {
    try {
      return Instant.parse(text(n, field));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": not an RFC 3339 time", e);
    }
  }

  private static List<String> roles(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (v.isMissingNode()) {
      return List.of();
    }
    if (!v.isArray() || v.size() > CouncilSpec.MAX_ROLES) {
      throw new IllegalArgumentException(field + ": not a list of roles");
    }
    List<String> out = new ArrayList<>();
    v.forEach(r -> out.add(RoleRef.requireRole(r.asText())));
    return out;
  }

  private static Map<String, String> filled(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n.isObject() && n.size() <= CouncilSpec.MAX_ROLES) {
      n.properties().forEach(e -> out.put(RoleRef.requireRole(e.getKey()), e.getValue().asText()));
    }
    return out;
  }

  private static Map<String, CouncilMessage.Member> members(JsonNode n) {
    Map<String, CouncilMessage.Member> out = new LinkedHashMap<>();
    if (n.isObject() && n.size() <= CouncilSpec.MAX_ROLES) {
      n.properties()
          .forEach(
              e ->
                  out.put(
                      RoleRef.requireRole(e.getKey()),
                      new CouncilMessage.Member(
                          text(e.getValue(), "peer_id"), text(e.getValue(), "name"))));
    }
    return out;
  }
}
