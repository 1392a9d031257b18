package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.multiformats.MalformedInputException;
import io.bzzz.p2p.pubsub.GossipParams;
import io.bzzz.p2p.pubsub.MessageId;
import io.bzzz.p2p.pubsub.MessageIdFunction;
import io.bzzz.p2p.pubsub.PublishResult;
import io.bzzz.p2p.pubsub.ReceivedMessage;
import io.bzzz.p2p.pubsub.TopicEvent;
import io.bzzz.p2p.pubsub.TopicValidator;
import io.bzzz.p2p.pubsub.ValidationResult;
import io.bzzz.p2p.pubsub.wire.ControlMessage;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Graft;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IHave;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IWant;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Prune;
import io.bzzz.p2p.pubsub.wire.ControlMessage.PxPeer;
import io.bzzz.p2p.pubsub.wire.PubMessage;
import io.bzzz.p2p.pubsub.wire.Rpc;
import io.bzzz.p2p.pubsub.wire.SubOpts;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gossipsub v1.1 router as pure state: inputs are peers coming and going, received RPCs, our
 * own subscribe/publish calls and heartbeats; outputs go to a {@link RouterOutput}. Time comes from
 * an injected clock and every random choice from an injected {@link Random}, so a test can drive it
 * deterministically. Not thread-safe: the owner serialises all calls.
 */
public final class GossipRouter {
  private static final Logger log = LoggerFactory.getLogger(GossipRouter.class);

  /** A connected pubsub peer. */
  private static final class PeerState {
    final boolean outbound;
    final boolean v11;
    final Set<String> topics = new HashSet<>();
    int ihaves;
    int idsAsked;
    int iwantIds;
    boolean iwantFloodPenalised;

    PeerState(boolean outbound, boolean v11) {
      this.outbound = outbound;
      this.v11 = v11;
    }
  }

  private final GossipParams params;
  private final PrivateKey identity;
  private final PeerId self;
  private final InstantSource clock;
  private final Random random;
  private final MessageIdFunction idFunction;
  private final RouterOutput out;

  private final Map<PeerId, PeerState> peers = new HashMap<>();
  private final Map<String, Set<PeerId>> topicPeers = new HashMap<>();
  private final Set<String> subscriptions = new LinkedHashSet<>();
  private final Map<String, Set<PeerId>> mesh = new HashMap<>();
  private final Map<String, Set<PeerId>> fanout = new HashMap<>();

  /** Peers that joined a mesh since the last heartbeat: they get IHAVE for the recent window. */
  private final Map<String, Set<PeerId>> newInMesh = new HashMap<>();

  private final Map<String, Long> fanoutLastPublished = new HashMap<>();
  private final Map<String, TopicValidator> validators = new HashMap<>();
  private final Backoffs backoffs = new Backoffs();
  private final SeenCache seen;
  private final MessageCache mcache;
  private final PeerScores scores;
  private final AuthorKeys authorKeys = new AuthorKeys(4096);
  private final Outbox outbox;
  private final long heartbeatNanos;
  private long seqno;

  public GossipRouter(
      GossipParams params,
      PrivateKey identity,
      InstantSource clock,
      Random random,
      MessageIdFunction idFunction,
      RouterOutput out) {
    this.params = params;
    this.identity = identity;
    this.self = identity.peerId();
    this.clock = clock;
    this.random = random;
    this.idFunction = idFunction;
    this.out = out;
    this.seen = new SeenCache(params.seenTtl().toNanos());
    this.mcache = new MessageCache(params.mcacheGossip(), params.mcacheLength());
    this.scores = new PeerScores(params.penaltyDecay());
    this.outbox = new Outbox(params.maxMessageSize());
    this.heartbeatNanos = params.heartbeatInterval().toNanos();
    // Seqnos start at the wall clock in nanoseconds and only grow, so they keep increasing across
    // restarts (go's scheme; kubo drops messages whose seqno does not increase).
    Instant start = clock.instant();
    this.seqno = start.getEpochSecond() * 1_000_000_000L + start.getNano();
  }

  public PeerId self() {
    return self;
  }

  public GossipParams params() {
    return params;
  }

  // ---- peers ----

  /**
   * A peer with an open pubsub stream. {@code v11} when it speaks /meshsub/1.1.0 (PX, backoff);
   * {@code outbound} when we dialed its connection (counts for D_out).
   */
  public void addPeer(PeerId peer, boolean outbound, boolean v11) {
    if (peers.containsKey(peer)) {
      return;
    }
    if (scores.score(peer) < params.disconnectThreshold()) {
      out.disconnect(peer, "score below the disconnect threshold");
      return;
    }
    peers.put(peer, new PeerState(outbound, v11));
    for (String topic : subscriptions) {
      outbox.subscription(peer, new SubOpts(true, topic));
    }
    flush();
  }

  public void removePeer(PeerId peer) {
    PeerState state = peers.remove(peer);
    if (state == null) {
      return;
    }
    for (String topic : state.topics) {
      removeFromTopic(peer, topic);
    }
    mesh.values().forEach(m -> m.remove(peer)); // also grafts from peers that never subscribed
    fanout.values().forEach(f -> f.remove(peer));
    outbox.drop(peer);
  }

  public boolean hasPeer(PeerId peer) {
    return peers.containsKey(peer);
  }

  // ---- application calls ----

  public void subscribe(String topic) {
    if (!subscriptions.add(topic)) {
      return;
    }
    peers.keySet().forEach(p -> outbox.subscription(p, new SubOpts(true, topic)));
    Set<PeerId> members = new LinkedHashSet<>();
    Set<PeerId> fromFanout = fanout.remove(topic);
    fanoutLastPublished.remove(topic);
    if (fromFanout != null) {
      fromFanout.stream().filter(p -> scores.score(p) >= 0).forEach(members::add);
    }
    if (members.size() < params.d()) {
      List<PeerId> candidates = graftCandidates(topic, members);
      members.addAll(
          candidates.subList(0, Math.min(candidates.size(), params.d() - members.size())));
    }
    mesh.put(topic, members);
    members.forEach(p -> outbox.graft(p, new Graft(topic)));
    flush();
  }

  public void unsubscribe(String topic) {
    if (!subscriptions.remove(topic)) {
      return;
    }
    Set<PeerId> members = mesh.remove(topic);
    peers.keySet().forEach(p -> outbox.subscription(p, new SubOpts(false, topic)));
    if (members != null) {
      for (PeerId p : members) {
        prune(p, topic, false, params.unsubscribeBackoff());
      }
    }
    flush();
  }

  public Set<String> subscriptions() {
    return Set.copyOf(subscriptions);
  }

  public void setValidator(String topic, TopicValidator validator) {
    validators.put(topic, validator);
  }

  public void removeValidator(String topic) {
    validators.remove(topic);
  }

  /**
   * Signs and sends {@code data}: to every topic peer with flood publishing, else to the mesh (or
   * the fanout when we do not subscribe). Our own subscribers do not receive it.
   */
  public PublishResult publish(String topic, byte[] data) {
    int limit = params.maxMessageSize() - 512; // room for from, seqno, signature, topic, framing
    if (data.length > limit) {
      throw new IllegalArgumentException(
          "message of " + data.length + " bytes exceeds the limit of " + limit + " bytes");
    }
    long nowNanos = nanos();
    long mySeqno = ++seqno;
    PubMessage message = StrictSign.sign(identity, topic, data, mySeqno);
    MessageId id = idFunction.idOf(message);
    seen.add(id, nowNanos);
    mcache.put(id, message);

    Set<PeerId> recipients = new LinkedHashSet<>();
    if (!subscriptions.contains(topic)) {
      Set<PeerId> fan = fanout.computeIfAbsent(topic, t -> new LinkedHashSet<>());
      if (fan.isEmpty()) {
        List<PeerId> candidates = eligible(topic, Set.of(), false);
        fan.addAll(candidates.subList(0, Math.min(candidates.size(), params.d())));
      }
      fanoutLastPublished.put(topic, nowNanos);
      recipients.addAll(fan);
    } else {
      recipients.addAll(mesh.getOrDefault(topic, Set.of()));
    }
    if (params.floodPublish()) {
      for (PeerId p : topicPeers.getOrDefault(topic, Set.of())) {
        if (scores.score(p) > params.gossipThreshold()) {
          recipients.add(p);
        }
      }
    }
    recipients.forEach(p -> outbox.message(p, message));
    flush();
    return new PublishResult(id, mySeqno, recipients.size());
  }

  // ---- received RPCs ----

  /** Handles one RPC read from {@code peer}'s inbound stream. */
  public void handleRpc(PeerId peer, Rpc rpc) {
    PeerState state = peers.get(peer);
    if (state == null) {
      return; // not (or no longer) a pubsub peer
    }
    for (SubOpts sub : rpc.subscriptions()) {
      handleSubscription(peer, state, sub);
    }
    for (PubMessage message : rpc.publish()) {
      if (!peers.containsKey(peer)) {
        return; // disconnected for what it sent
      }
      handleMessage(peer, message);
    }
    ControlMessage control = rpc.control();
    if (!control.isEmpty() && peers.containsKey(peer)) {
      handleIHave(peer, state, control.ihave());
      handleIWant(peer, state, control.iwant());
      if (peers.containsKey(peer)) { // an IWANT flood may have cost it the connection
        handleGraft(peer, state, control.graft());
        handlePrune(peer, control.prune());
      }
    }
    flush();
  }

  /** The peer sent bytes that do not decode as an RPC. */
  public void malformedRpc(PeerId peer, String reason) {
    penalise(peer, params.penaltyMalformedRpc(), "malformed RPC: " + reason);
    flush();
  }

  private void handleSubscription(PeerId peer, PeerState state, SubOpts sub) {
    String topic = sub.topic();
    if (sub.subscribe()) {
      if (state.topics.add(topic)) {
        topicPeers.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(peer);
        out.topicEvent(new TopicEvent.Joined(peer, topic));
      }
    } else if (state.topics.remove(topic)) {
      removeFromTopic(peer, topic);
    }
  }

  private void removeFromTopic(PeerId peer, String topic) {
    Set<PeerId> members = topicPeers.get(topic);
    if (members != null) {
      members.remove(peer);
      if (members.isEmpty()) {
        topicPeers.remove(topic);
      }
    }
    Optional.ofNullable(mesh.get(topic)).ifPresent(m -> m.remove(peer));
    Optional.ofNullable(fanout.get(topic)).ifPresent(f -> f.remove(peer));
    out.topicEvent(new TopicEvent.Left(peer, topic));
  }

  private void handleMessage(PeerId source, PubMessage message) {
    String topic = message.topic();
    if (!subscriptions.contains(topic)) {
      return; // we relay only topics we subscribe to
    }
    MessageId id;
    try {
      id = idFunction.idOf(message);
    } catch (MalformedInputException e) {
      penalise(source, params.penaltyInvalidMessage(), "message without an id: " + e.getMessage());
      return;
    }
    if (seen.contains(id)) {
      return; // before the signature check: duplicates cost nothing
    }
    PeerId author;
    try {
      author = StrictSign.verify(message, authorKeys);
    } catch (StrictSign.InvalidMessageException e) {
      penalise(source, params.penaltyInvalidMessage(), "invalid message: " + e.getMessage());
      return;
    }
    if (author.equals(self)) {
      return;
    }
    ReceivedMessage received =
        new ReceivedMessage(
            author, topic, StrictSign.seqnoValue(message), message.dataOrEmpty(), id, source);
    ValidationResult verdict = validate(received);
    switch (verdict) {
      case REJECT ->
          penalise(source, params.penaltyInvalidMessage(), "message rejected by validator");
      case IGNORE -> {}
      case ACCEPT -> {
        seen.add(id, nanos()); // only now: a rejected copy must not shadow a valid one
        mcache.put(id, message);
        out.deliver(received);
        for (PeerId p : mesh.getOrDefault(topic, Set.of())) {
          if (!p.equals(source) && !p.equals(author)) {
            outbox.message(p, message);
          }
        }
      }
    }
  }

  private ValidationResult validate(ReceivedMessage message) {
    TopicValidator validator = validators.get(message.topic());
    if (validator == null) {
      return ValidationResult.ACCEPT;
    }
    try {
      return validator.validate(message);
    } catch (RuntimeException e) {
      log.atWarn()
          .addKeyValue("topic", message.topic())
          .setCause(e)
          .log("topic validator failed; ignoring the message");
      return ValidationResult.IGNORE;
    }
  }

  private void handleIHave(PeerId peer, PeerState state, List<IHave> ihaves) {
    if (scores.score(peer) < params.gossipThreshold()) {
      return;
    }
    for (IHave ihave : ihaves) {
      if (++state.ihaves > params.maxIHaveMessages()) {
        return;
      }
      if (!subscriptions.contains(ihave.topic())) {
        continue;
      }
      List<byte[]> wanted = new ArrayList<>();
      Set<MessageId> unique = new HashSet<>();
      for (byte[] raw : ihave.messageIds()) {
        MessageId id = MessageId.of(raw);
        if (!seen.contains(id) && unique.add(id)) {
          wanted.add(raw);
        }
      }
      int room = params.maxIHaveLength() - state.idsAsked;
      if (wanted.isEmpty() || room <= 0) {
        continue;
      }
      if (wanted.size() > room) {
        Collections.shuffle(wanted, random);
        wanted = wanted.subList(0, room);
      }
      state.idsAsked += wanted.size();
      outbox.iwant(peer, new IWant(wanted));
    }
  }

  private void handleIWant(PeerId peer, PeerState state, List<IWant> iwants) {
    if (scores.score(peer) < params.gossipThreshold()) {
      return;
    }
    for (IWant iwant : iwants) {
      for (byte[] raw : iwant.messageIds()) {
        if (++state.iwantIds > params.maxIWantPerHeartbeat()) {
          if (!state.iwantFloodPenalised) {
            state.iwantFloodPenalised = true;
            penalise(peer, params.penaltyIWantFlood(), "IWANT flood");
          }
          return;
        }
        mcache
            .getForPeer(MessageId.of(raw), peer, params.gossipRetransmission())
            .ifPresent(m -> outbox.message(peer, m));
      }
    }
  }

  private void handleGraft(PeerId peer, PeerState state, List<Graft> grafts) {
    long now = nanos();
    for (Graft graft : grafts) {
      String topic = graft.topic();
      Set<PeerId> members = mesh.get(topic);
      if (members == null) {
        // Not our topic: tell it to go away, without PX so we do not leak peers.
        prune(peer, topic, false, params.pruneBackoff());
        continue;
      }
      if (members.contains(peer)) {
        continue;
      }
      if (backoffs.active(topic, peer, now, 0)) {
        penalise(peer, params.penaltyBackoffGraft(), "GRAFT during backoff");
        prune(peer, topic, false, params.pruneBackoff());
      } else if (scores.score(peer) < 0) {
        prune(peer, topic, false, params.pruneBackoff());
      } else if (members.size() >= params.dHi() && !state.outbound) {
        prune(peer, topic, true, params.pruneBackoff());
      } else {
        members.add(peer);
        newInMesh.computeIfAbsent(topic, t -> new HashSet<>()).add(peer);
      }
    }
  }

  private void handlePrune(PeerId peer, List<Prune> prunes) {
    long now = nanos();
    for (Prune prune : prunes) {
      String topic = prune.topic();
      Optional.ofNullable(mesh.get(topic)).ifPresent(m -> m.remove(peer));
      long backoffNanos =
          prune.backoffSeconds().isPresent()
              ? Duration.ofSeconds(Math.min(prune.backoffSeconds().getAsLong(), 86_400)).toNanos()
              : params.pruneBackoff().toNanos();
      backoffs.add(topic, peer, now + backoffNanos);
      if (!prune.peers().isEmpty() && scores.score(peer) >= 0) {
        List<PeerId> candidates = new ArrayList<>();
        for (PxPeer px : prune.peers()) {
          try {
            PeerId candidate = PeerId.fromBytes(px.peerId());
            if (!candidate.equals(self) && !peers.containsKey(candidate)) {
              candidates.add(candidate);
            }
          } catch (MalformedInputException e) {
            // a bad PX entry is skipped; PX is advisory
          }
        }
        if (!candidates.isEmpty()) {
          out.peerExchange(topic, candidates);
        }
      }
    }
  }

  // ---- heartbeat ----

  /** Mesh maintenance, fanout expiry, gossip emission and cache shifting; once per interval. */
  public void heartbeat() {
    long now = nanos();
    scores.decay();
    for (PeerState state : peers.values()) {
      state.ihaves = 0;
      state.idsAsked = 0;
      state.iwantIds = 0;
      state.iwantFloodPenalised = false;
    }
    for (PeerId p : List.copyOf(peers.keySet())) {
      if (scores.score(p) < params.disconnectThreshold()) {
        disconnect(p);
      }
    }
    for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
      maintainMesh(e.getKey(), e.getValue());
      emitGossip(e.getKey(), e.getValue());
      catchUpNewMeshPeers(e.getKey(), e.getValue());
    }
    newInMesh.clear();
    maintainFanout(now);
    backoffs.expire(now, heartbeatNanos);
    seen.expire(now);
    mcache.shift();
    flush();
  }

  private void maintainMesh(String topic, Set<PeerId> members) {
    for (PeerId p : List.copyOf(members)) {
      if (scores.score(p) < 0) {
        members.remove(p);
        prune(p, topic, false, params.pruneBackoff());
      }
    }
    if (members.size() < params.dLo()) {
      List<PeerId> candidates = graftCandidates(topic, members);
      for (PeerId p :
          candidates.subList(0, Math.min(candidates.size(), params.d() - members.size()))) {
        graft(p, topic, members);
      }
    }
    if (members.size() > params.dHi()) {
      pruneExcess(topic, members);
    }
    if (members.size() >= params.dLo()) {
      long outbound = members.stream().filter(p -> peers.get(p).outbound).count();
      if (outbound < params.dOut()) {
        List<PeerId> candidates =
            graftCandidates(topic, members).stream().filter(p -> peers.get(p).outbound).toList();
        int need = (int) Math.min(candidates.size(), params.dOut() - outbound);
        candidates.subList(0, need).forEach(p -> graft(p, topic, members));
      }
    }
  }

  /** Keeps D peers: the D_score best by score, then random ones, with at least D_out outbound. */
  private void pruneExcess(String topic, Set<PeerId> members) {
    List<PeerId> shuffled = new ArrayList<>(members);
    Collections.shuffle(shuffled, random);
    shuffled.sort(Comparator.comparingDouble((PeerId p) -> scores.score(p)).reversed());
    List<PeerId> rest = new ArrayList<>(shuffled.subList(params.dScore(), shuffled.size()));
    Collections.shuffle(rest, random);
    List<PeerId> keep = new ArrayList<>(shuffled.subList(0, params.dScore()));
    keep.addAll(rest.subList(0, params.d() - params.dScore()));
    long outbound = keep.stream().filter(p -> peers.get(p).outbound).count();
    if (outbound < params.dOut()) {
      List<PeerId> spareOutbound =
          rest.subList(params.d() - params.dScore(), rest.size()).stream()
              .filter(p -> peers.get(p).outbound)
              .toList();
      for (PeerId p : spareOutbound) {
        if (outbound >= params.dOut()) {
          break;
        }
        // replace the last kept inbound peer that is not among the best-scored
        for (int i = keep.size() - 1; i >= params.dScore(); i--) {
          if (!peers.get(keep.get(i)).outbound) {
            keep.set(i, p);
            outbound++;
            break;
          }
        }
      }
    }
    Set<PeerId> keepSet = new HashSet<>(keep);
    for (PeerId p : List.copyOf(members)) {
      if (!keepSet.contains(p)) {
        members.remove(p);
        prune(p, topic, true, params.pruneBackoff());
      }
    }
  }

  private void maintainFanout(long now) {
    long ttl = params.fanoutTtl().toNanos();
    for (String topic : List.copyOf(fanout.keySet())) {
      if (now - fanoutLastPublished.getOrDefault(topic, now) > ttl) {
        fanout.remove(topic);
        fanoutLastPublished.remove(topic);
        continue;
      }
      Set<PeerId> fan = fanout.get(topic);
      Set<PeerId> members = topicPeers.getOrDefault(topic, Set.of());
      fan.removeIf(p -> !members.contains(p) || scores.score(p) < 0);
      if (fan.size() < params.d()) {
        List<PeerId> candidates = eligible(topic, fan, false);
        fan.addAll(candidates.subList(0, Math.min(candidates.size(), params.d() - fan.size())));
      }
      emitGossip(topic, fan);
    }
  }

  private void emitGossip(String topic, Set<PeerId> exclude) {
    List<MessageId> ids = mcache.gossipIds(topic);
    if (ids.isEmpty()) {
      return;
    }
    List<PeerId> candidates = eligible(topic, exclude, false);
    int target = Math.max(params.dLazy(), (int) (params.gossipFactor() * candidates.size()));
    List<byte[]> raw = new ArrayList<>(ids.size());
    ids.forEach(id -> raw.add(id.bytes()));
    for (PeerId p : candidates.subList(0, Math.min(target, candidates.size()))) {
      List<byte[]> announce = raw;
      if (announce.size() > params.maxIHaveLength()) {
        announce = new ArrayList<>(raw);
        Collections.shuffle(announce, random);
        announce = announce.subList(0, params.maxIHaveLength());
      }
      outbox.ihave(p, new IHave(topic, announce)); // always with topicID (jvm-libp2p #361)
    }
  }

  /**
   * Mesh peers get no IHAVE, and mesh forwarding only carries messages that arrive after the GRAFT;
   * so a peer that just joined our mesh would miss what we received shortly before, when it was
   * connected but not yet meshed. Announcing the recent window to it once closes that gap.
   */
  private void catchUpNewMeshPeers(String topic, Set<PeerId> members) {
    Set<PeerId> fresh = newInMesh.get(topic);
    if (fresh == null) {
      return;
    }
    List<MessageId> ids = mcache.gossipIds(topic);
    if (ids.isEmpty()) {
      return;
    }
    List<byte[]> raw = new ArrayList<>(ids.size());
    ids.subList(0, Math.min(ids.size(), params.maxIHaveLength()))
        .forEach(id -> raw.add(id.bytes()));
    for (PeerId p : fresh) {
      if (members.contains(p)) {
        outbox.ihave(p, new IHave(topic, raw));
      }
    }
  }

  // ---- helpers ----

  /** Topic peers outside {@code exclude} with a non-negative score, in random order. */
  private List<PeerId> eligible(String topic, Set<PeerId> exclude, boolean respectBackoff) {
    long now = nanos();
    List<PeerId> list = new ArrayList<>();
    for (PeerId p : topicPeers.getOrDefault(topic, Set.of())) {
      if (!exclude.contains(p)
          && scores.score(p) >= 0
          && !(respectBackoff && backoffs.active(topic, p, now, heartbeatNanos))) {
        list.add(p);
      }
    }
    Collections.shuffle(list, random);
    return list;
  }

  /** Peers we may GRAFT: eligible and out of backoff, with one heartbeat of slack. */
  private List<PeerId> graftCandidates(String topic, Set<PeerId> members) {
    return eligible(topic, members, true);
  }

  private void graft(PeerId peer, String topic, Set<PeerId> members) {
    members.add(peer);
    newInMesh.computeIfAbsent(topic, t -> new HashSet<>()).add(peer);
    outbox.graft(peer, new Graft(topic));
  }

  private void prune(PeerId peer, String topic, boolean withPeerExchange, Duration backoff) {
    backoffs.add(topic, peer, nanos() + backoff.toNanos());
    PeerState state = peers.get(peer);
    if (state == null) {
      return;
    }
    if (!state.v11) {
      outbox.prune(peer, new Prune(topic, List.of(), OptionalLong.empty()));
      return;
    }
    List<PxPeer> px = new ArrayList<>();
    if (withPeerExchange && scores.score(peer) >= 0) {
      for (PeerId p : eligible(topic, Set.of(peer), false)) {
        if (px.size() == params.prunePeers()) {
          break;
        }
        px.add(new PxPeer(p.bytes(), Optional.empty()));
      }
    }
    outbox.prune(peer, new Prune(topic, px, OptionalLong.of(backoff.toSeconds())));
  }

  private void penalise(PeerId peer, double amount, String reason) {
    scores.penalise(peer, amount);
    double score = scores.score(peer);
    log.atDebug()
        .addKeyValue("peer", peer)
        .addKeyValue("reason", reason)
        .addKeyValue("score", score)
        .log("penalised peer");
    if (score < params.disconnectThreshold()) {
      disconnect(peer);
    } else if (score < 0) {
      for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
        if (e.getValue().remove(peer)) {
          prune(peer, e.getKey(), false, params.pruneBackoff());
        }
      }
    }
  }

  private void disconnect(PeerId peer) {
    if (!peers.containsKey(peer)) {
      return;
    }
    for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
      if (e.getValue().contains(peer)) {
        prune(peer, e.getKey(), false, params.pruneBackoff());
      }
    }
    flush(); // the PRUNE goes out before the connection closes
    log.atInfo()
        .addKeyValue("peer", peer)
        .addKeyValue("score", scores.score(peer))
        .log("disconnecting misbehaving pubsub peer");
    removePeer(peer);
    out.disconnect(peer, "pubsub score below the disconnect threshold");
  }

  private void flush() {
    outbox.flush(out);
  }

  private long nanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  // ---- queries ----

  public Set<PeerId> topicPeers(String topic) {
    return Set.copyOf(topicPeers.getOrDefault(topic, Set.of()));
  }

  public Set<PeerId> meshPeers(String topic) {
    return Set.copyOf(mesh.getOrDefault(topic, Set.of()));
  }

  public Set<PeerId> fanoutPeers(String topic) {
    return Set.copyOf(fanout.getOrDefault(topic, Set.of()));
  }

  public Set<PeerId> peers() {
    return Set.copyOf(peers.keySet());
  }

  public double score(PeerId peer) {
    return scores.score(peer);
  }

  public boolean seen(MessageId id) {
    return seen.contains(id);
  }
}
