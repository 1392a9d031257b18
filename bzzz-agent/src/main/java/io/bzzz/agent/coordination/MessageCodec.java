package io.bzzz.agent.coordination;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.agent.coordination.Payload.AvailabilityBroadcast;
import io.bzzz.agent.coordination.Payload.CapabilityBroadcast;
import io.bzzz.agent.coordination.Payload.ContextFeedback;
import io.bzzz.agent.coordination.Payload.MetaDiscussion;
import io.bzzz.agent.coordination.Payload.TaskAvailable;
import io.bzzz.agent.coordination.Payload.TaskBid;
import io.bzzz.agent.coordination.Payload.TaskClaimed;
import io.bzzz.agent.coordination.Payload.TaskCompleted;
import io.bzzz.agent.coordination.Payload.TaskFailed;
import io.bzzz.agent.coordination.Payload.TaskHelpRequest;
import io.bzzz.agent.coordination.Payload.TaskHelpResponse;
import io.bzzz.agent.coordination.Payload.TaskProgress;
import io.bzzz.agent.coordination.Payload.Unknown;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Encodes and decodes coordination envelopes. The only place that knows the wire field names.
 * Decoding checks the size before parsing, bounds nesting, string and list lengths, and reports the
 * first bad field by its path; unknown message types decode to {@link Unknown}.
 */
public final class MessageCodec {
  /** Default payload limit: far above any real message, far below gossipsub's 1 MiB. */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  private static final int MAX_DEPTH = 16;

  private final ObjectMapper json;
  private final int maxBytes;

  public MessageCodec() {
    this(DEFAULT_MAX_BYTES);
  }

  public MessageCodec(int maxBytes) {
    this.maxBytes = maxBytes;
    this.json =
        new ObjectMapper(
                JsonFactory.builder()
                    .streamReadConstraints(
                        StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(maxBytes)
                            .maxNumberLength(32)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  public byte[] encode(Envelope envelope) {
    ObjectNode root = json.createObjectNode();
    root.put("type", envelope.type());
    root.put("from", envelope.from());
    root.put("timestamp", envelope.timestamp().toString());
    root.set("data", data(envelope.data()));
    root.put("hop_count", envelope.hopCount());
    try {
      byte[] bytes = json.writeValueAsBytes(root);
      if (bytes.length > maxBytes) {
        throw new IllegalArgumentException(
            envelope.type() + " is " + bytes.length + " bytes, over the limit of " + maxBytes);
      }
      return bytes;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + envelope.type(), e);
    }
  }

  public Envelope decode(byte[] bytes) throws MalformedMessageException {
    if (bytes.length > maxBytes) {
      throw new MalformedMessageException(
          "message is " + bytes.length + " bytes, over the limit of " + maxBytes);
    }
    JsonNode root;
    try {
      root = json.readTree(bytes);
    } catch (IOException e) {
      throw new MalformedMessageException("not valid JSON: " + firstLine(e.getMessage()), e);
    }
    JsonFields env = new JsonFields(root, "envelope");
    String type = env.string("type");
    String from = env.string("from");
    Instant timestamp = env.instant("timestamp");
    int hops = env.intOr("hop_count", 0);
    if (hops < 0) {
      throw new MalformedMessageException("envelope.hop_count: negative");
    }
    JsonNode dataNode = root.get("data");
    Payload payload =
        switch (MessageType.fromWire(type).orElse(null)) {
          case null -> new Unknown(type, dataNode == null ? json.nullNode() : dataNode);
          case MessageType known -> payload(known, env.object("data"));
        };
    return new Envelope(from, timestamp, hops, payload);
  }

  private static Payload payload(MessageType type, JsonFields d) throws MalformedMessageException {
    return switch (type) {
      case CAPABILITY_BROADCAST ->
          new CapabilityBroadcast(
              d.string("node_id"),
              d.strings("capabilities"),
              d.strings("models"),
              d.stringOr("version", ""),
              d.stringOr("specialization", ""),
              d.instantOr("timestamp", Instant.EPOCH),
              d.stringOr("reason", ""),
              d.stringOr("log_key", ""),
              d.strings("multiaddrs"),
              d.stringOr("api", ""),
              d.stringOr("name", ""));
      case AVAILABILITY_BROADCAST ->
          new AvailabilityBroadcast(
              d.string("node_id"),
              d.bool("available_for_work"),
              nonNegative(d, "current_tasks"),
              nonNegative(d, "max_tasks"),
              d.instantOr("last_activity", Instant.EPOCH),
              status(d),
              d.instantOr("timestamp", Instant.EPOCH),
              d.strings("missing_peers"),
              d.boolOr("leaving", false),
              d.stringsIfPresent("heard_peers"),
              tasksIfPresent(d, "results_waiting"),
              heldIfPresent(d, "results_held"));
      case TASK_CLAIMED ->
          new TaskClaimed(
              task(d), d.string("node_id"), d.stringOr("branch", ""), d.intOr("attempt", 1));
      case TASK_PROGRESS ->
          new TaskProgress(
              task(d), d.string("node_id"), d.stringOr("stage", ""), d.stringOr("message", ""));
      case TASK_COMPLETED ->
          new TaskCompleted(
              task(d),
              d.string("node_id"),
              d.stringOr("pull_request", ""),
              d.stringOr("summary", ""));
      case TASK_FAILED -> new TaskFailed(task(d), d.string("node_id"), d.stringOr("reason", ""));
      case TASK_HELP_REQUEST ->
          new TaskHelpRequest(
              d.string("request_id"),
              task(d),
              d.stringOr("reason", ""),
              d.strings("required_capabilities"),
              d.string("origin"));
      case TASK_HELP_RESPONSE ->
          new TaskHelpResponse(
              d.string("request_id"),
              task(d),
              d.string("responder"),
              d.bool("can_help"),
              d.strings("capabilities"));
      case META_DISCUSSION ->
          new MetaDiscussion(task(d), d.stringOr("kind", "plan"), d.stringOr("text", ""), round(d));
      case CONTEXT_FEEDBACK ->
          new ContextFeedback(task(d), d.intOr("rating", 0), d.stringOr("text", ""), helped(d));
      case TASK_AVAILABLE ->
          new TaskAvailable(
              task(d), d.strings("labels"), d.stringOr("source", ""), d.string("announcer"));
      case TASK_BID -> bid(d);
      case TASK_OFFER -> offer(d);
    };
  }

  /** The discussion fields of a {@code meta_discussion}, present when it names a round. */
  private static Optional<Payload.Round> round(JsonFields d) throws MalformedMessageException {
    if (!d.has("round")) {
      return Optional.empty();
    }
    int round = d.intOr("round", 0);
    if (round < 1) {
      throw new MalformedMessageException("data.round: must be positive, got " + round);
    }
    List<Payload.Objection> objections = new ArrayList<>();
    for (JsonFields o : d.objects("objections")) {
      objections.add(new Payload.Objection(o.string("from"), o.stringOr("reason", "")));
    }
    long window = d.has("window_ms") ? d.integer("window_ms") : 0;
    if (window < 0) {
      throw new MalformedMessageException("data.window_ms: must not be negative");
    }
    return Optional.of(
        new Payload.Round(
            round,
            d.stringOr("to", ""),
            d.strings("members"),
            window,
            d.stringOr("outcome", ""),
            d.strings("approvals"),
            objections));
  }

  /** What a finished task's feedback says helped, present when it names its executor. */
  private static Optional<Payload.Helped> helped(JsonFields d) throws MalformedMessageException {
    if (!d.has("executor")) {
      return Optional.empty();
    }
    return Optional.of(
        new Payload.Helped(
            d.stringOr("node_id", ""),
            d.string("executor"),
            d.has("duration_ms") ? Math.max(0, d.integer("duration_ms")) : 0,
            Math.max(0, d.intOr("files_changed", 0)),
            Math.max(0, d.intOr("discussion_rounds", 0))));
  }

  private static Payload.TaskOffer offer(JsonFields d) throws MalformedMessageException {
    long attempt = d.integer("attempt");
    if (attempt < 1 || attempt > Integer.MAX_VALUE) {
      throw new MalformedMessageException("data.attempt: must be positive, got " + attempt);
    }
    double load = d.number("load");
    if (load < 0 || load > 1) {
      throw new MalformedMessageException("data.load: must be in [0, 1], got " + load);
    }
    return new Payload.TaskOffer(
        task(d),
        (int) attempt,
        d.string("branch"),
        d.string("offerer"),
        d.stringOr("reason", ""),
        load,
        d.strings("labels"),
        d.instant("deadline"));
  }

  private static TaskBid bid(JsonFields d) throws MalformedMessageException {
    JsonFields t = d.object("terms");
    return new TaskBid(
        task(d),
        d.string("bidder"),
        d.number("score"),
        new TaskBid.Terms(
            t.number("capability"),
            t.number("load"),
            t.number("performance"),
            t.number("resources")),
        d.stringOr("round", ""),
        d.instant("deadline"),
        d.strings("labels"),
        nonNegative(d, "free_slots"),
        d.boolOr("abstain", false));
  }

  private static int nonNegative(JsonFields d, String name) throws MalformedMessageException {
    long v = d.integer(name);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new MalformedMessageException("data." + name + ": out of range: " + v);
    }
    return (int) v;
  }

  private static AvailabilityBroadcast.Status status(JsonFields d)
      throws MalformedMessageException {
    String s = d.string("status");
    try {
      return AvailabilityBroadcast.Status.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(
          "data.status: '" + s + "' is not one of ready, working, busy");
    }
  }

  private static Optional<List<TaskRef>> tasksIfPresent(JsonFields d, String name)
      throws MalformedMessageException {
    if (!d.has(name)) {
      return Optional.empty();
    }
    List<TaskRef> out = new ArrayList<>();
    for (JsonFields t : d.objects(name)) {
      out.add(taskRef(t));
    }
    return Optional.of(out);
  }

  private static Optional<List<HeldResult>> heldIfPresent(JsonFields d, String name)
      throws MalformedMessageException {
    if (!d.has(name)) {
      return Optional.empty();
    }
    List<HeldResult> out = new ArrayList<>();
    for (JsonFields h : d.objects(name)) {
      out.add(new HeldResult(h.string("node_id"), taskRef(h)));
    }
    return Optional.of(out);
  }

  private static void held(ObjectNode d, String name, List<HeldResult> values) {
    ArrayNode a = d.putArray(name);
    for (HeldResult h : values) {
      a.addObject()
          .put("node_id", h.nodeId())
          .put("tracker", h.task().tracker())
          .put("repository", h.task().repository())
          .put("number", h.task().number());
    }
  }

  private static void tasks(ObjectNode d, String name, List<TaskRef> values) {
    ArrayNode a = d.putArray(name);
    for (TaskRef t : values) {
      a.addObject()
          .put("tracker", t.tracker())
          .put("repository", t.repository())
          .put("number", t.number());
    }
  }

  private static TaskRef task(JsonFields d) throws MalformedMessageException {
    return taskRef(d.object("task"));
  }

  private static TaskRef taskRef(JsonFields t) throws MalformedMessageException {
    long number = t.integer("number");
    if (number < 1) {
      throw new MalformedMessageException("data.task.number: must be positive, got " + number);
    }
    return new TaskRef(t.string("tracker"), t.string("repository"), number);
  }

  private ObjectNode data(Payload p) {
    ObjectNode d = json.createObjectNode();
    switch (p) {
      case CapabilityBroadcast c -> {
        d.put("node_id", c.nodeId());
        strings(d, "capabilities", c.capabilities());
        strings(d, "models", c.models());
        d.put("version", c.version());
        d.put("specialization", c.specialization());
        d.put("timestamp", c.timestamp().toString());
        d.put("reason", c.reason());
        d.put("log_key", c.logKey());
        strings(d, "multiaddrs", c.multiaddrs());
        d.put("api", c.api());
        if (!c.name().isEmpty()) {
          d.put("name", c.name());
        }
      }
      case AvailabilityBroadcast a -> {
        d.put("node_id", a.nodeId());
        d.put("available_for_work", a.availableForWork());
        d.put("current_tasks", a.currentTasks());
        d.put("max_tasks", a.maxTasks());
        d.put("last_activity", a.lastActivity().toString());
        d.put("status", a.status().wireName());
        d.put("timestamp", a.timestamp().toString());
        strings(d, "missing_peers", a.missingPeers());
        if (a.leaving()) {
          d.put("leaving", true); // only on a goodbye, so every other broadcast is unchanged
        }
        a.heardPeers().ifPresent(h -> strings(d, "heard_peers", h));
        a.resultsWaiting().ifPresent(w -> tasks(d, "results_waiting", w));
        a.resultsHeld().ifPresent(h -> held(d, "results_held", h));
      }
      case TaskClaimed c -> {
        task(d, c.task());
        d.put("node_id", c.nodeId());
        d.put("branch", c.branch());
        d.put("attempt", c.attempt());
      }
      case TaskProgress t -> {
        task(d, t.task());
        d.put("node_id", t.nodeId());
        d.put("stage", t.stage());
        d.put("message", t.message());
      }
      case TaskCompleted t -> {
        task(d, t.task());
        d.put("node_id", t.nodeId());
        d.put("pull_request", t.pullRequest());
        d.put("summary", t.summary());
      }
      case TaskFailed t -> {
        task(d, t.task());
        d.put("node_id", t.nodeId());
        d.put("reason", t.reason());
      }
      case TaskHelpRequest r -> {
        d.put("request_id", r.requestId());
        task(d, r.task());
        d.put("reason", r.reason());
        strings(d, "required_capabilities", r.requiredCapabilities());
        d.put("origin", r.origin());
      }
      case TaskHelpResponse r -> {
        d.put("request_id", r.requestId());
        task(d, r.task());
        d.put("responder", r.responder());
        d.put("can_help", r.canHelp());
        strings(d, "capabilities", r.capabilities());
      }
      case MetaDiscussion m -> {
        task(d, m.task());
        d.put("kind", m.kind());
        d.put("text", m.text());
        m.round().ifPresent(r -> round(d, r));
      }
      case ContextFeedback f -> {
        task(d, f.task());
        d.put("rating", f.rating());
        d.put("text", f.text());
        f.helped()
            .ifPresent(
                h -> {
                  d.put("node_id", h.nodeId());
                  d.put("executor", h.executor());
                  d.put("duration_ms", h.durationMs());
                  d.put("files_changed", h.filesChanged());
                  d.put("discussion_rounds", h.discussionRounds());
                });
      }
      case TaskAvailable a -> {
        task(d, a.task());
        strings(d, "labels", a.labels());
        d.put("source", a.source());
        d.put("announcer", a.announcer());
      }
      case TaskBid b -> {
        task(d, b.task());
        d.put("bidder", b.bidder());
        d.put("score", b.score());
        ObjectNode terms = d.putObject("terms");
        terms.put("capability", b.terms().capability());
        terms.put("load", b.terms().load());
        terms.put("performance", b.terms().performance());
        terms.put("resources", b.terms().resources());
        d.put("round", b.round());
        d.put("deadline", b.deadline().toString());
        strings(d, "labels", b.labels());
        d.put("free_slots", b.freeSlots());
        if (b.abstain()) {
          d.put("abstain", true);
        }
      }
      case Payload.TaskOffer o -> {
        task(d, o.task());
        d.put("attempt", o.attempt());
        d.put("branch", o.branch());
        d.put("offerer", o.offerer());
        d.put("reason", o.reason());
        d.put("load", o.load());
        strings(d, "labels", o.labels());
        d.put("deadline", o.deadline().toString());
      }
      case Unknown u -> {
        return u.data().isObject() ? (ObjectNode) u.data().deepCopy() : d;
      }
    }
    return d;
  }

  private static void round(ObjectNode d, Payload.Round r) {
    d.put("round", r.round());
    if (!r.to().isEmpty()) {
      d.put("to", r.to());
    }
    if (!r.members().isEmpty()) {
      strings(d, "members", r.members());
    }
    if (r.windowMs() > 0) {
      d.put("window_ms", r.windowMs());
    }
    if (!r.outcome().isEmpty()) {
      d.put("outcome", r.outcome());
    }
    if (!r.approvals().isEmpty()) {
      strings(d, "approvals", r.approvals());
    }
    if (!r.objections().isEmpty()) {
      ArrayNode a = d.putArray("objections");
      r.objections().forEach(o -> a.addObject().put("from", o.from()).put("reason", o.reason()));
    }
  }

  private static void task(ObjectNode d, TaskRef t) {
    ObjectNode task = d.putObject("task");
    task.put("tracker", t.tracker());
    task.put("repository", t.repository());
    task.put("number", t.number());
  }

  private static void strings(ObjectNode d, String name, List<String> values) {
    ArrayNode a = d.putArray(name);
    values.forEach(a::add);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
