package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.pubsub.GossipParams;
import io.bzzz.p2p.pubsub.TopicEvent;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Graft;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Prune;
import io.bzzz.p2p.pubsub.wire.ControlMessage.PxPeer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
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
 * The router's shared state (peers, topics, meshes, fanouts, backoffs, caches, scores, pending
 * output) and the few operations every part of the router uses on it: grafting, pruning, penalising
 * and dropping peers. {@link GossipRouter}, {@link GossipExchange} and {@link MeshMaintenance} work
 * on one instance; none of them is thread-safe.
 */
final class RouterState {
  private static final Logger log = LoggerFactory.getLogger(GossipRouter.class);

  final GossipParams params;
  final PeerId self;
  final RouterOutput out;
  final Random random;
  final long heartbeatNanos;
  private final InstantSource clock;

  final Map<PeerId, PeerState> peers = new HashMap<>();
  final Map<String, Set<PeerId>> topicPeers = new HashMap<>();
  final Set<String> subscriptions = new LinkedHashSet<>();
  final Map<String, Set<PeerId>> mesh = new HashMap<>();
  final Map<String, Set<PeerId>> fanout = new HashMap<>();
  final Map<String, Long> fanoutLastPublished = new HashMap<>();

  /** Peers that joined a mesh since the last heartbeat: they get IHAVE for the recent window. */
  final Map<String, Set<PeerId>> newInMesh = new HashMap<>();

  final Backoffs backoffs = new Backoffs();
  final SeenMessageIds seen;
  final MessageCache mcache;
  final PeerScores scores;
  final Outbox outbox;

  RouterState(
      GossipParams params, PeerId self, InstantSource clock, Random random, RouterOutput out) {
    this.params = params;
    this.self = self;
    this.clock = clock;
    this.random = random;
    this.out = out;
    this.heartbeatNanos = params.heartbeatInterval().toNanos();
    this.seen = new SeenMessageIds(params.seenTtl().toNanos());
    this.mcache = new MessageCache(params.mcacheGossip(), params.mcacheLength());
    this.scores = new PeerScores(params.penaltyDecay());
    this.outbox = new Outbox(params.maxMessageSize());
  }

  void removePeer(PeerId peer) {
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

  void removeFromTopic(PeerId peer, String topic) {
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

  /** Topic peers outside {@code exclude} with a non-negative score, in random order. */
  List<PeerId> eligible(String topic, Set<PeerId> exclude, boolean respectBackoff) {
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
  List<PeerId> graftCandidates(String topic, Set<PeerId> members) {
    return eligible(topic, members, true);
  }

  void graft(PeerId peer, String topic, Set<PeerId> members) {
    members.add(peer);
    newInMesh.computeIfAbsent(topic, t -> new HashSet<>()).add(peer);
    outbox.graft(peer, new Graft(topic));
  }

  void prune(PeerId peer, String topic, boolean withPeerExchange, Duration backoff) {
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

  void penalise(PeerId peer, double amount, String reason) {
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

  void disconnect(PeerId peer) {
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

  void flush() {
    outbox.flush(out);
  }

  long nanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
