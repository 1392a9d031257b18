package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.pubsub.GossipParams;
import io.bzzz.p2p.pubsub.MessageId;
import io.bzzz.p2p.pubsub.MessageIdFunction;
import io.bzzz.p2p.pubsub.PublishResult;
import io.bzzz.p2p.pubsub.TopicEvent;
import io.bzzz.p2p.pubsub.TopicValidator;
import io.bzzz.p2p.pubsub.wire.ControlMessage;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Graft;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Prune;
import io.bzzz.p2p.pubsub.wire.ControlMessage.PxPeer;
import io.bzzz.p2p.pubsub.wire.PubMessage;
import io.bzzz.p2p.pubsub.wire.Rpc;
import io.bzzz.p2p.pubsub.wire.SubOpts;
import io.bzzz.wire.MalformedInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The gossipsub v1.1 router as pure state: inputs are state.peers coming and going, received RPCs,
 * our own subscribe/publish calls and heartbeats; outputs go to a {@link RouterOutput}. Time comes
 * from an injected state.clock and every state.random choice from an injected {@link Random}, so a
 * test can drive it deterministically. Not thread-safe: the owner serialises all calls.
 */
public final class GossipRouter {

  private final PrivateKey identity;
  private final MessageIdFunction idFunction;
  private final RouterState state;
  private final MessageReception reception;
  private final GossipExchange exchange;
  private final MeshMaintenance maintenance;
  private long seqno;

  public GossipRouter(
      GossipParams params,
      PrivateKey identity,
      InstantSource clock,
      Random random,
      MessageIdFunction idFunction,
      RouterOutput out) {
    this.identity = identity;
    this.idFunction = idFunction;
    this.state = new RouterState(params, identity.peerId(), clock, random, out);
    this.reception = new MessageReception(state, idFunction);
    this.exchange = new GossipExchange(state);
    this.maintenance = new MeshMaintenance(state, exchange);
    // Seqnos start at the wall clock in nanoseconds and only grow, so they keep increasing across
    // restarts (go's scheme; kubo drops messages whose seqno does not increase).
    Instant start = clock.instant();
    this.seqno = start.getEpochSecond() * 1_000_000_000L + start.getNano();
  }

  public PeerId self() {
    return state.self;
  }

  public GossipParams params() {
    return state.params;
  }

  // ---- state.peers ----

  /**
   * A peer with an open pubsub stream. {@code v11} when it speaks /meshsub/1.1.0 (PX, backoff);
   * {@code outbound} when we dialed its connection (counts for D_out).
   */
  public void addPeer(PeerId peer, boolean outbound, boolean v11) {
    if (state.peers.containsKey(peer)) {
      return;
    }
    if (state.scores.score(peer) < state.params.disconnectThreshold()) {
      state.out.disconnect(peer, "score below the state.disconnect threshold");
      return;
    }
    state.peers.put(peer, new PeerState(outbound, v11));
    for (String topic : state.subscriptions) {
      state.outbox.subscription(peer, new SubOpts(true, topic));
    }
    state.flush();
  }

  public void removePeer(PeerId peer) {
    state.removePeer(peer);
  }

  public boolean hasPeer(PeerId peer) {
    return state.peers.containsKey(peer);
  }

  // ---- application calls ----

  public void subscribe(String topic) {
    if (!state.subscriptions.add(topic)) {
      return;
    }
    state.peers.keySet().forEach(p -> state.outbox.subscription(p, new SubOpts(true, topic)));
    Set<PeerId> members = new LinkedHashSet<>();
    Set<PeerId> fromFanout = state.fanout.remove(topic);
    state.fanoutLastPublished.remove(topic);
    if (fromFanout != null) {
      fromFanout.stream().filter(p -> state.scores.score(p) >= 0).forEach(members::add);
    }
    if (members.size() < state.params.d()) {
      List<PeerId> candidates = state.graftCandidates(topic, members);
      members.addAll(
          candidates.subList(0, Math.min(candidates.size(), state.params.d() - members.size())));
    }
    state.mesh.put(topic, members);
    members.forEach(p -> state.outbox.graft(p, new Graft(topic)));
    state.flush();
  }

  public void unsubscribe(String topic) {
    if (!state.subscriptions.remove(topic)) {
      return;
    }
    Set<PeerId> members = state.mesh.remove(topic);
    state.peers.keySet().forEach(p -> state.outbox.subscription(p, new SubOpts(false, topic)));
    if (members != null) {
      for (PeerId p : members) {
        state.prune(p, topic, false, state.params.unsubscribeBackoff());
      }
    }
    state.flush();
  }

  public Set<String> subscriptions() {
    return Set.copyOf(state.subscriptions);
  }

  public void setValidator(String topic, TopicValidator validator) {
    reception.setValidator(topic, validator);
  }

  public void removeValidator(String topic) {
    reception.removeValidator(topic);
  }

  /**
   * Signs and sends {@code data}: to every topic peer with flood publishing, else to the state.mesh
   * (or the state.fanout when we do not subscribe). Our own subscribers do not receive it.
   */
  public PublishResult publish(String topic, byte[] data) {
    int limit =
        state.params.maxMessageSize() - 512; // room for from, seqno, signature, topic, framing
    if (data.length > limit) {
      throw new IllegalArgumentException(
          "message of " + data.length + " bytes exceeds the limit of " + limit + " bytes");
    }
    long nowNanos = state.nanos();
    long mySeqno = ++seqno;
    PubMessage message = StrictSign.sign(identity, topic, data, mySeqno);
    MessageId id = idFunction.idOf(message);
    state.seen.add(id, nowNanos);
    state.mcache.put(id, message);

    Set<PeerId> recipients = new LinkedHashSet<>();
    if (!state.subscriptions.contains(topic)) {
      Set<PeerId> fan = state.fanout.computeIfAbsent(topic, t -> new LinkedHashSet<>());
      if (fan.isEmpty()) {
        List<PeerId> candidates = state.eligible(topic, Set.of(), false);
        fan.addAll(candidates.subList(0, Math.min(candidates.size(), state.params.d())));
      }
      state.fanoutLastPublished.put(topic, nowNanos);
      recipients.addAll(fan);
    } else {
      recipients.addAll(state.mesh.getOrDefault(topic, Set.of()));
    }
    if (state.params.floodPublish()) {
      for (PeerId p : state.topicPeers.getOrDefault(topic, Set.of())) {
        if (state.scores.score(p) > state.params.gossipThreshold()) {
          recipients.add(p);
        }
      }
    }
    recipients.forEach(p -> state.outbox.message(p, message));
    state.flush();
    return new PublishResult(id, mySeqno, recipients.size());
  }

  // ---- received RPCs ----

  /**
   * Handles one RPC read from {@code peer}'s inbound stream in one go: {@link #receive}, then
   * {@link #check} and {@link #complete} until nothing is left to check.
   */
  public void handleRpc(PeerId peer, Rpc rpc) {
    List<UnverifiedMessage> toCheck = receive(peer, rpc);
    while (!toCheck.isEmpty()) {
      toCheck = complete(toCheck.stream().map(this::check).toList());
    }
  }

  /**
   * The first step of handling an RPC: subscriptions, control, and the cheap checks of its messages
   * (topic, id, seen cache, a copy already being checked).
   *
   * @return the messages whose signatures must be {@link #check checked}, in order
   */
  public List<UnverifiedMessage> receive(PeerId peer, Rpc rpc) {
    PeerState peerState = state.peers.get(peer);
    if (peerState == null) {
      return List.of(); // not (or no longer) a pubsub peer
    }
    for (SubOpts sub : rpc.subscriptions()) {
      handleSubscription(peer, peerState, sub);
    }
    List<UnverifiedMessage> toCheck = new ArrayList<>(rpc.publish().size());
    for (PubMessage message : rpc.publish()) {
      if (!state.peers.containsKey(peer)) {
        break; // disconnected for what it sent
      }
      reception.receive(peer, message, toCheck);
    }
    ControlMessage control = rpc.control();
    if (!control.isEmpty() && state.peers.containsKey(peer)) {
      exchange.handleIHave(peer, peerState, control.ihave());
      exchange.handleIWant(peer, peerState, control.iwant());
      if (state.peers.containsKey(peer)) { // an IWANT flood may have cost it the connection
        handleGraft(peer, peerState, control.graft());
        handlePrune(peer, control.prune());
      }
    }
    state.flush();
    return toCheck;
  }

  /**
   * Checks a message's StrictSign signature. Reads no router state (only a thread-safe cache of
   * author keys), so unlike every other method it may run without the owner's lock, on any thread.
   */
  public SignatureCheck check(UnverifiedMessage message) {
    return reception.check(message);
  }

  /**
   * The last step: validators, seen cache, delivery and forwarding of valid messages (to mesh peers
   * that did not send us a copy), penalties for invalid ones.
   *
   * @return other versions of failed messages' ids that arrived meanwhile: check them too
   */
  public List<UnverifiedMessage> complete(List<SignatureCheck> checks) {
    List<UnverifiedMessage> again = new ArrayList<>();
    for (SignatureCheck c : checks) {
      reception.complete(c).ifPresent(again::add);
    }
    state.flush();
    return again;
  }

  /** The peer sent bytes that do not decode as an RPC. */
  public void malformedRpc(PeerId peer, String reason) {
    state.penalise(peer, state.params.penaltyMalformedRpc(), "malformed RPC: " + reason);
    state.flush();
  }

  private void handleSubscription(PeerId peer, PeerState peerState, SubOpts sub) {
    String topic = sub.topic();
    if (sub.subscribe()) {
      if (peerState.topics.add(topic)) {
        state.topicPeers.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(peer);
        state.out.topicEvent(new TopicEvent.Joined(peer, topic));
      }
    } else if (peerState.topics.remove(topic)) {
      state.removeFromTopic(peer, topic);
    }
  }

  private void handleGraft(PeerId peer, PeerState peerState, List<Graft> grafts) {
    long now = state.nanos();
    for (Graft graft : grafts) {
      String topic = graft.topic();
      Set<PeerId> members = state.mesh.get(topic);
      if (members == null) {
        // Not our topic: tell it to go away, without PX so we do not leak state.peers.
        state.prune(peer, topic, false, state.params.pruneBackoff());
        continue;
      }
      if (members.contains(peer)) {
        continue;
      }
      if (state.backoffs.active(topic, peer, now, 0)) {
        state.penalise(peer, state.params.penaltyBackoffGraft(), "GRAFT during backoff");
        state.prune(peer, topic, false, state.params.pruneBackoff());
      } else if (state.scores.score(peer) < 0) {
        state.prune(peer, topic, false, state.params.pruneBackoff());
      } else if (members.size() >= state.params.dHi() && !peerState.outbound) {
        state.prune(peer, topic, true, state.params.pruneBackoff());
      } else {
        members.add(peer);
        state.newInMesh.computeIfAbsent(topic, t -> new HashSet<>()).add(peer);
      }
    }
  }

  private void handlePrune(PeerId peer, List<Prune> prunes) {
    long now = state.nanos();
    for (Prune prune : prunes) {
      String topic = prune.topic();
      Optional.ofNullable(state.mesh.get(topic)).ifPresent(m -> m.remove(peer));
      long backoffNanos =
          prune.backoffSeconds().isPresent()
              ? Duration.ofSeconds(Math.min(prune.backoffSeconds().getAsLong(), 86_400)).toNanos()
              : state.params.pruneBackoff().toNanos();
      state.backoffs.add(topic, peer, now + backoffNanos);
      if (!prune.peers().isEmpty() && state.scores.score(peer) >= 0) {
        List<PeerId> candidates = new ArrayList<>();
        for (PxPeer px : prune.peers()) {
          try {
            PeerId candidate = PeerId.fromBytes(px.peerId());
            if (!candidate.equals(state.self) && !state.peers.containsKey(candidate)) {
              candidates.add(candidate);
            }
          } catch (MalformedInputException e) {
            // a bad PX entry is skipped; PX is advisory
          }
        }
        if (!candidates.isEmpty()) {
          state.out.peerExchange(topic, candidates);
        }
      }
    }
  }

  // ---- heartbeat ----

  /**
   * Mesh maintenance, state.fanout expiry, gossip emission and cache shifting; once per interval.
   */
  public void heartbeat() {
    long now = state.nanos();
    state.scores.decay();
    state.peers.values().forEach(PeerState::startHeartbeat);
    for (PeerId p : List.copyOf(state.peers.keySet())) {
      if (state.scores.score(p) < state.params.disconnectThreshold()) {
        state.disconnect(p);
      }
    }
    for (Map.Entry<String, Set<PeerId>> e : state.mesh.entrySet()) {
      maintenance.maintainMesh(e.getKey(), e.getValue());
      exchange.emitGossip(e.getKey(), e.getValue());
      exchange.catchUpNewMeshPeers(e.getKey(), e.getValue());
    }
    state.newInMesh.clear();
    maintenance.maintainFanout(now);
    state.backoffs.expire(now, state.heartbeatNanos);
    state.seen.expire(now);
    reception.expire(now);
    state.mcache.shift();
    state.flush();
  }

  // ---- helpers ----

  // ---- queries ----

  public Set<PeerId> topicPeers(String topic) {
    return Set.copyOf(state.topicPeers.getOrDefault(topic, Set.of()));
  }

  public Set<PeerId> meshPeers(String topic) {
    return Set.copyOf(state.mesh.getOrDefault(topic, Set.of()));
  }

  public Set<PeerId> fanoutPeers(String topic) {
    return Set.copyOf(state.fanout.getOrDefault(topic, Set.of()));
  }

  public Set<PeerId> peers() {
    return Set.copyOf(state.peers.keySet());
  }

  public double score(PeerId peer) {
    return state.scores.score(peer);
  }

  public boolean seen(MessageId id) {
    return state.seen.contains(id);
  }
}
