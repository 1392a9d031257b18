package io.bzzz.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.events.AgentEvent;
import io.bzzz.agent.events.StampedEvent;
import java.util.Locale;

/**
 * The {@code data} of each event of {@code /api/v1/events}: {@code seq}, {@code time}, {@code
 * kind}, then the kind's fields in snake_case. No HTTP here.
 */
final class EventJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventJson() {}

  static String of(StampedEvent stamped) {
    ObjectNode o = JSON.createObjectNode();
    o.put("seq", stamped.seq());
    o.put("time", stamped.time().toString());
    o.put("kind", stamped.event().kind());
    switch (stamped.event()) {
      case AgentEvent.PeerChanged p -> {
        o.put("peer_id", p.peerId());
        p.from().ifPresent(f -> o.put("from", f));
        o.put("state", p.state());
      }
      case AgentEvent.MessagePassed m -> {
        o.put("direction", m.direction().name().toLowerCase(Locale.ROOT));
        o.put("topic", m.topic());
        o.put("type", m.type());
        o.put("from", m.from());
        o.put("hop_count", m.hopCount());
        m.task().ifPresent(t -> task(o, t));
        m.note().ifPresent(n -> o.put("note", n));
      }
      case AgentEvent.TaskChanged t -> {
        task(o, t.task());
        o.put("title", t.title());
        o.put("stage", t.stage());
        o.put("detail", t.detail());
        o.put("branch", t.branch());
        o.put("attempt", t.attempt());
        t.pullRequest().ifPresent(pr -> o.put("pull_request", pr));
      }
      case AgentEvent.LogAppended l -> {
        o.put("entry_type", l.entryType());
        o.put("length", l.length());
      }
    }
    return o.toString();
  }

  private static void task(ObjectNode o, TaskRef t) {
    ObjectNode ref = o.putObject("task");
    ref.put("tracker", t.tracker());
    ref.put("repository", t.repository());
    ref.put("number", t.number());
  }
}
