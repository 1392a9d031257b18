package io.bzzz.agent.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads typed fields out of a JSON object and names the exact field ({@code data.task.number}) when
 * one is missing or of the wrong type. Strings and lists have limits.
 */
final class JsonFields {
  static final int MAX_STRING = 16 * 1024;
  static final int MAX_LIST = 256;

  private final JsonNode node;
  private final String path;

  JsonFields(JsonNode node, String path) throws MalformedMessageException {
    if (node == null || !node.isObject()) {
      throw new MalformedMessageException(path + ": expected a JSON object");
    }
    this.node = node;
    this.path = path;
  }

  private JsonNode required(String name) throws MalformedMessageException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new MalformedMessageException(path + "." + name + ": missing");
    }
    return v;
  }

  String string(String name) throws MalformedMessageException {
    JsonNode v = required(name);
    if (!v.isTextual()) {
      throw new MalformedMessageException(path + "." + name + ": expected a string");
    }
    return limited(name, v.asText());
  }

  String stringOr(String name, String fallback) throws MalformedMessageException {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? fallback : string(name);
  }

  long integer(String name) throws MalformedMessageException {
    JsonNode v = required(name);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new MalformedMessageException(path + "." + name + ": expected an integer");
    }
    return v.asLong();
  }

  int intOr(String name, int fallback) throws MalformedMessageException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new MalformedMessageException(path + "." + name + ": expected an integer");
    }
    return v.asInt();
  }

  /** A finite number (integer or decimal). */
  double number(String name) throws MalformedMessageException {
    JsonNode v = required(name);
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw new MalformedMessageException(path + "." + name + ": expected a finite number");
    }
    return v.asDouble();
  }

  boolean bool(String name) throws MalformedMessageException {
    JsonNode v = required(name);
    if (!v.isBoolean()) {
      throw new MalformedMessageException(path + "." + name + ": expected true or false");
    }
    return v.asBoolean();
  }

  boolean boolOr(String name, boolean fallback) throws MalformedMessageException {
    JsonNode v = node.get(name);
    return (v == null || v.isNull()) ? fallback : bool(name);
  }

  /** RFC 3339 text (Go's time.Time) or Unix seconds (some older senders). */
  Instant instant(String name) throws MalformedMessageException {
    JsonNode v = required(name);
    if (v.isIntegralNumber()) {
      return Instant.ofEpochSecond(v.asLong());
    }
    if (!v.isTextual()) {
      throw new MalformedMessageException(path + "." + name + ": expected an RFC 3339 time");
    }
    try {
      return OffsetDateTime.parse(limited(name, v.asText())).toInstant();
    } catch (DateTimeException e) {
      throw new MalformedMessageException(
          path + "." + name + ": not an RFC 3339 time: " + abbreviate(v.asText()));
    }
  }

  Instant instantOr(String name, Instant fallback) throws MalformedMessageException {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? fallback : instant(name);
  }

  List<String> strings(String name) throws MalformedMessageException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new MalformedMessageException(path + "." + name + ": expected an array of strings");
    }
    if (v.size() > MAX_LIST) {
      throw new MalformedMessageException(
          path + "." + name + ": " + v.size() + " entries, more than " + MAX_LIST);
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual()) {
        throw new MalformedMessageException(path + "." + name + "[" + i + "]: expected a string");
      }
      out.add(limited(name + "[" + i + "]", e.asText()));
    }
    return out;
  }

  /** Empty when the field is absent or null; an empty list when it is {@code []}. */
  Optional<List<String>> stringsIfPresent(String name) throws MalformedMessageException {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(strings(name));
  }

  boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  /** An array of objects; empty when absent. */
  List<JsonFields> objects(String name) throws MalformedMessageException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new MalformedMessageException(path + "." + name + ": expected an array of objects");
    }
    if (v.size() > MAX_LIST) {
      throw new MalformedMessageException(
          path + "." + name + ": " + v.size() + " entries, more than " + MAX_LIST);
    }
    List<JsonFields> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      out.add(new JsonFields(v.get(i), path + "." + name + "[" + i + "]"));
    }
    return out;
  }

  JsonFields object(String name) throws MalformedMessageException {
    return new JsonFields(required(name), path + "." + name);
  }

  private String limited(String name, String s) throws MalformedMessageException {
    if (s.length() > MAX_STRING) {
      throw new MalformedMessageException(
          path + "." + name + ": " + s.length() + " characters, more than " + MAX_STRING);
    }
    return s;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
