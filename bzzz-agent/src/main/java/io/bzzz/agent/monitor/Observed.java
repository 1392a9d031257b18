package io.bzzz.agent.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.agent.events.Events;
import java.time.Instant;

/**
 * One message the monitor saw.
 *
 * @param from the envelope's {@code from} (the signer when the envelope names nobody)
 * @param author the peer that signed the pub/sub message
 * @param type the envelope's {@code type}; {@code malformed} when the payload is not an envelope
 * @param timestamp the envelope's time, else the time of arrival
 * @param data the envelope's {@code data} as sent (unknown fields kept)
 */
public record Observed(
    String from, String author, String topic, String type, Instant timestamp, JsonNode data) {

  /** The {@code --json} line: {@code {"from","topic","type","timestamp","data"}} and the author. */
  public ObjectNode json() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("from", from);
    o.put("topic", topic);
    o.put("type", type);
    o.put("timestamp", timestamp.toString());
    o.set("data", data);
    o.put("author", author);
    return o;
  }

  /** A line for people: time, topic, type, sender, and the message's gist. */
  public String readable() {
    return timestamp + " " + topic + " " + type + " from " + shortId(from) + gist();
  }

  private String gist() {
    StringBuilder b = new StringBuilder();
    JsonNode task = data.path("task");
    if (task.isObject()) {
      b.append(" task ")
          .append(task.path("repository").asText())
          .append('#')
          .append(task.path("number").asText());
    }
    for (String field : new String[] {"kind", "round", "outcome", "stage", "status", "text"}) {
      JsonNode v = data.path(field);
      if (v.isValueNode() && !v.asText().isEmpty()) {
        b.append(' ').append(field).append('=').append(Events.shorten(v.asText()));
      }
    }
    return b.toString().replaceAll("\\p{Cntrl}", " "); // no terminal escapes from the mesh
  }

  private static String shortId(String id) {
    return id.length() > 16 ? "…" + id.substring(id.length() - 8) : id;
  }
}
