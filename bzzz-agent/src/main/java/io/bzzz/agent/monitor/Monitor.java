package io.bzzz.agent.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.MalformedMessageException;
import io.bzzz.agent.coordination.MessageCodec;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.council.CouncilCodec;
import io.bzzz.agent.council.CouncilWatch;
import io.bzzz.agent.events.AgentEvent;
import io.bzzz.agent.events.EventHub;
import io.bzzz.agent.events.Events;
import io.bzzz.log.SignedLog;
import io.bzzz.log.entry.AuditLog;
import io.bzzz.log.entry.EntryType;
import io.bzzz.p2p.node.P2pNode;
import io.bzzz.p2p.pubsub.ReceivedMessage;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMMM monitor: a node on the mesh that only listens. Subscribes to the given topics, hands
 * each message to {@code sink} (the CLI prints it), records it in its own signed log as a {@code
 * message_observed} entry, and keeps a peer table and an event feed for the read-only API ({@link
 * #view}). It never publishes, so agents do not count it as a peer. Owns the log and its writer
 * thread; the node belongs to the caller.
 */
public final class Monitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Monitor.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SignedLog signedLog;
  private final AuditLog audit;
  private final Consumer<Observed> sink;
  private final MessageCodec codec = new MessageCodec();
  private final PeerTable peers;
  private final EventHub events;
  private final InstantSource clock;
  private final Map<String, Long> byTopic = new ConcurrentHashMap<>();
  private final Map<String, Long> byPeer = new ConcurrentHashMap<>();
  // one platform thread writes the log: nothing interrupts it mid-append (see Journal)
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("monitor-log").factory());
  private final MonitorView view;

  private final CouncilWatch councils = new CouncilWatch();
  private final CouncilCodec councilCodec = new CouncilCodec();

  private Monitor(
      P2pNode node,
      SignedLog signedLog,
      List<String> topics,
      Duration availabilityInterval,
      String version,
      Consumer<Observed> sink,
      InstantSource clock) {
    this.signedLog = signedLog;
    this.audit = new AuditLog(signedLog, clock);
    this.sink = sink;
    this.clock = clock;
    this.peers = new PeerTable(node.peerId().toString(), availabilityInterval, clock);
    this.events = new EventHub(clock);
    this.view =
        new MonitorView(node, peers, events, clock, version, signedLog, byTopic, byPeer, topics);
  }

  /**
   * Starts listening on {@code node}'s gossipsub.
   *
   * @param logDir where the monitor's own log is (created signed by the node's key when absent)
   */
  public static Monitor start(
      P2pNode node,
      java.nio.file.Path logDir,
      io.bzzz.p2p.crypto.PrivateKey identity,
      List<String> topics,
      Duration availabilityInterval,
      String version,
      Consumer<Observed> sink)
      throws IOException {
    GossipsubService pubsub =
        node.pubsub().orElseThrow(() -> new IllegalStateException("the node has no gossipsub"));
    SignedLog signedLog = SignedLog.openOrCreate(logDir, identity);
    Monitor m =
        new Monitor(
            node, signedLog, topics, availabilityInterval, version, sink, InstantSource.system());
    for (String topic : topics) {
      pubsub.subscribe(topic, m::onMessage);
    }
    return m;
  }

  public MonitorView view() {
    return view;
  }

  /** The councils seen on the councils topics, for {@code GET /api/v1/councils}. */
  public CouncilWatch councils() {
    return councils;
  }

  /** Entries in the monitor's log. */
  public long logLength() {
    return signedLog.length();
  }

  private void onMessage(ReceivedMessage m) {
    String author = m.from().toString();
    if (m.topic().equals(MonitorTopics.BZZZ_COUNCILS)
        || m.topic().equals(MonitorTopics.CHORUS_COUNCILS)) {
      try {
        councilCodec.decode(m.data()).ifPresent(r -> councils.observe(r.message()));
      } catch (IllegalArgumentException e) {
        // printed and recorded below like any message; only the council view skips it
      }
    }
    Observed seen = observe(m.topic(), author, m.data());
    byTopic.merge(seen.topic(), 1L, Long::sum);
    byPeer.merge(seen.from(), 1L, Long::sum);
    try {
      sink.accept(seen);
    } catch (RuntimeException e) {
      log.atWarn().log("cannot print a message: " + e.getMessage());
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("from", seen.from());
    entry.put("author", author);
    entry.put("topic", seen.topic());
    entry.put("type", seen.type());
    entry.put("timestamp", seen.timestamp().toString());
    entry.put("data", seen.data());
    try {
      writer.execute(() -> record(entry));
    } catch (RejectedExecutionException e) {
      // closing: the last messages are printed, not recorded
    }
  }

  private void record(Map<String, Object> entry) {
    try {
      audit.record(EntryType.MESSAGE_OBSERVED, entry);
    } catch (RuntimeException e) {
      log.atError().log("cannot record a message in the monitor's log: " + e.getMessage());
    }
  }

  /** Decodes for the peer table and the feed, and keeps the raw {@code data} for printing. */
  private Observed observe(String topic, String author, byte[] bytes) {
    Instant now = clock.instant();
    JsonNode raw;
    try {
      raw = JSON.readTree(bytes);
    } catch (IOException e) {
      raw = null;
    }
    Envelope env;
    try {
      env = codec.decode(bytes);
    } catch (MalformedMessageException e) {
      JsonNode text =
          JsonNodeFactory.instance.textNode(
              Events.shorten(new String(bytes, StandardCharsets.UTF_8)));
      return new Observed(author, author, topic, "malformed", now, text);
    }
    peers.observe(env).ifPresent(change -> events.publish(Events.peer(change)));
    events.publish(Events.message(AgentEvent.Direction.RECEIVED, topic, env));
    JsonNode data = raw == null ? JsonNodeFactory.instance.objectNode() : raw.path("data");
    return new Observed(env.from(), author, topic, env.type(), env.timestamp(), data);
  }

  /** Stops recording (what was handed in is written first) and closes the log. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
        log.atWarn().log("the monitor's log writer did not finish in 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    signedLog.close();
  }
}
