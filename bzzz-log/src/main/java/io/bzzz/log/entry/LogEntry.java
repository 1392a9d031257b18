package io.bzzz.log.entry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.wire.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One agent event, stored as one block of UTF-8 JSON {@code {"type","timestamp","data"}} with an
 * ISO-8601 UTC timestamp.
 */
public record LogEntry(EntryType type, Instant timestamp, ObjectNode data) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public LogEntry {
    data = data.deepCopy();
  }

  @Override
  public ObjectNode data() {
    return data.deepCopy();
  }

  public byte[] encode() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("type", type.wireName());
    node.put("timestamp", timestamp.toString());
    node.set("data", data);
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a JSON tree", e);
    }
  }

  /** Parses a block; blocks that are not agent entries get a precise error. */
  public static LogEntry decode(byte[] block) {
    JsonNode node;
    try {
      node = JSON.readTree(block);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new MalformedInputException("block is not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new MalformedInputException("block is not JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new MalformedInputException("block is not a JSON object");
    }
    String typeName = node.path("type").asText("");
    EntryType type =
        EntryType.fromWireName(typeName)
            .orElseThrow(
                () -> new MalformedInputException("unknown entry type '" + typeName + "'"));
    Instant timestamp;
    try {
      timestamp = Instant.parse(node.path("timestamp").asText(""));
    } catch (DateTimeParseException e) {
      throw new MalformedInputException("bad entry timestamp: " + node.path("timestamp"));
    }
    JsonNode data = node.path("data");
    if (!data.isObject()) {
      throw new MalformedInputException("entry data must be a JSON object");
    }
    return new LogEntry(type, timestamp, (ObjectNode) data);
  }

  @Override
  public String toString() {
    return new String(encode(), StandardCharsets.UTF_8);
  }
}
