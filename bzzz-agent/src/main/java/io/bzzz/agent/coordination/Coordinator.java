package io.bzzz.agent.coordination;

import io.bzzz.agent.coordination.Payload.AvailabilityBroadcast;
import io.bzzz.agent.coordination.Payload.TaskHelpRequest;
import io.bzzz.agent.coordination.Payload.TaskHelpResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordination in one place: publishes through the {@link MeshOutbox}, and handles what arrives:
 * every message updates the peer table; help requests go through the {@link HelpRelay} (answer,
 * forward or ignore); answers to our own requests go to {@link HelpRounds}. Malformed input is
 * counted and dropped, never thrown at the mesh.
 *
 * <p>Thread-safe: the mesh may deliver on several threads; relay and rounds state is guarded by one
 * lock, and publishing happens outside it.
 */
public final class Coordinator {
  private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

  private final String self;
  private final MessageCodec codec;
  private final MeshOutbox outbox;
  private final PeerTable peers;
  private final HelpRelay relay;
  private final HelpRounds rounds;
  private final CoordinationListener listener;
  private final MessageCounters counters;
  private final ReentrantLock lock = new ReentrantLock();

  public Coordinator(
      String self,
      MessageCodec codec,
      MeshOutbox outbox,
      PeerTable peers,
      HelpRelay relay,
      HelpRounds rounds,
      CoordinationListener listener) {
    this.self = self;
    this.codec = codec;
    this.outbox = outbox;
    this.peers = peers;
    this.relay = relay;
    this.rounds = rounds;
    this.listener = listener;
    this.counters = outbox.counters();
  }

  public MessageCounters counters() {
    return counters;
  }

  public PeerTable peers() {
    return peers;
  }

  /** Publishes {@code payload} from this agent, now, with no hops. */
  public void publish(Payload payload) throws IOException {
    outbox.publish(payload);
  }

  /** Starts asking for help with a task (round 1 of {@link HelpRounds#MAX_ROUNDS}). */
  public void askForHelp(TaskRef task, String reason, List<String> required) throws IOException {
    HelpRounds.Publish first;
    lock.lock();
    try {
      first = rounds.start(task, reason, required);
      relay.ownRequest(((TaskHelpRequest) first.request().data()).requestId());
    } finally {
      lock.unlock();
    }
    send(first.request());
  }

  /** Called periodically: next help rounds, give-ups, and peer table changes. */
  public void tick() throws IOException {
    List<HelpRounds.Action> actions;
    lock.lock();
    try {
      actions = rounds.tick();
      for (HelpRounds.Action a : actions) {
        if (a instanceof HelpRounds.Publish p) {
          relay.ownRequest(((TaskHelpRequest) p.request().data()).requestId());
        }
      }
    } finally {
      lock.unlock();
    }
    for (HelpRounds.Action a : actions) {
      switch (a) {
        case HelpRounds.Publish p -> send(p.request());
        case HelpRounds.GiveUp g -> listener.onGiveUp(g);
        case HelpRounds.HandOver h -> listener.onHandOver(h);
      }
    }
    peers.refresh().forEach(listener::onPeerChange);
  }

  /**
   * A message from a mesh that does not say who signed it; see {@link #onMessage(String, byte[],
   * Optional)}.
   */
  public void onMessage(String topic, byte[] data) {
    onMessage(topic, data, Optional.empty());
  }

  /**
   * A message from the mesh; {@code data} is the raw pub/sub payload and {@code author} the peer
   * that signed it, when the mesh knows. A goodbye is acted on only when its author is its sender:
   * anyone may forward a help request, but nobody may say goodbye for another agent, and a {@code
   * meta_discussion} (a plan or a vote) is dropped unless its author is its sender.
   */
  public void onMessage(String topic, byte[] data, Optional<String> author) {
    Envelope env;
    try {
      env = codec.decode(data);
    } catch (MalformedMessageException e) {
      counters.malformed();
      log.atDebug()
          .addKeyValue("topic", topic)
          .log("dropped a malformed message: " + e.getMessage());
      return;
    }
    if (env.from().equals(self)) {
      return; // our own message echoed back
    }
    counters.received(topic, env.from());
    if ((env.data() instanceof Payload.TaskBid || env.data() instanceof Payload.TaskOffer)
        && author.map(a -> !a.equals(env.from())).orElse(false)) {
      log.atDebug()
          .addKeyValue("from", env.from())
          .log("ignored a bid or offer its sender did not sign");
      return; // a bid or an offer is nobody's to forward: only its sender may send it
    }
    if (env.data() instanceof AvailabilityBroadcast a && a.leaving()) {
      onGoodbye(topic, env, a, author);
      return;
    }
    if (env.data() instanceof Payload.MetaDiscussion
        && !author.map(env.from()::equals).orElse(true)) {
      // a plan or a vote counts for its signer only: nobody votes in another member's name
      log.atWarn()
          .addKeyValue("from", env.from())
          .addKeyValue("author", author.orElse(""))
          .log("ignored a meta_discussion not signed by the peer it names");
      return;
    }
    peers.observe(env).ifPresent(listener::onPeerChange);

    Optional<Envelope> reply = Optional.empty();
    Optional<HelpRounds.HandOver> handOver = Optional.empty();
    lock.lock();
    try {
      switch (env.data()) {
        case TaskHelpRequest r -> {
          HelpRelay.Decision d = relay.onRequest(env);
          reply =
              switch (d) {
                case HelpRelay.Respond resp -> Optional.of(resp.response());
                case HelpRelay.Forward fwd -> Optional.of(fwd.forwarded());
                case HelpRelay.Ignore ignore -> Optional.empty();
              };
        }
        case TaskHelpResponse r -> handOver = rounds.onResponse(r);
        default -> {}
      }
    } finally {
      lock.unlock();
    }
    listener.onMessage(topic, env);
    handOver.ifPresent(listener::onHandOver);
    reply.ifPresent(
        e -> {
          try {
            send(e);
          } catch (IOException ex) {
            log.atWarn().addKeyValue("type", e.type()).log("cannot publish: " + ex.getMessage());
          }
        });
  }

  private void onGoodbye(
      String topic, Envelope env, AvailabilityBroadcast goodbye, Optional<String> author) {
    boolean ownWords =
        goodbye.nodeId().equals(env.from()) && author.map(env.from()::equals).orElse(true);
    if (!ownWords) {
      log.atWarn()
          .addKeyValue("from", env.from())
          .addKeyValue("author", author.orElse(""))
          .log("ignored a goodbye not signed by the agent it names");
      return;
    }
    peers
        .left(env.from(), env.timestamp(), goodbye.resultsWaiting())
        .ifPresent(listener::onPeerChange);
    listener.onMessage(topic, env);
  }

  private void send(Envelope env) throws IOException {
    outbox.send(env);
  }

  /** For the API: the help requests still open. */
  public int openHelpRequests() {
    lock.lock();
    try {
      return rounds.openCount();
    } finally {
      lock.unlock();
    }
  }
}
