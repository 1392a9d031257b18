package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The heartbeat's mesh and fanout upkeep: graft up to D below D_lo, prune down to D above D_hi
 * (keeping the D_score best and D_out outbound peers), top up outbound peers, expire and refill
 * fanouts.
 */
final class MeshMaintenance {
  private final RouterState state;
  private final GossipExchange exchange;

  MeshMaintenance(RouterState state, GossipExchange exchange) {
    this.state = state;
    this.exchange = exchange;
  }

  void maintainMesh(String topic, Set<PeerId> members) {
    for (PeerId p : List.copyOf(members)) {
      if (state.scores.score(p) < 0) {
        members.remove(p);
        state.prune(p, topic, false, state.params.pruneBackoff());
      }
    }
    if (members.size() < state.params.dLo()) {
      List<PeerId> candidates = state.graftCandidates(topic, members);
      for (PeerId p :
          candidates.subList(0, Math.min(candidates.size(), state.params.d() - members.size()))) {
        state.graft(p, topic, members);
      }
    }
    if (members.size() > state.params.dHi()) {
      pruneExcess(topic, members);
    }
    if (members.size() >= state.params.dLo()) {
      long outbound = members.stream().filter(p -> state.peers.get(p).outbound).count();
      if (outbound < state.params.dOut()) {
        List<PeerId> candidates =
            state.graftCandidates(topic, members).stream()
                .filter(p -> state.peers.get(p).outbound)
                .toList();
        int need = (int) Math.min(candidates.size(), state.params.dOut() - outbound);
        candidates.subList(0, need).forEach(p -> state.graft(p, topic, members));
      }
    }
  }

  /**
   * Keeps D state.peers: the D_score best by score, then state.random ones, with at least D_out
   * outbound.
   */
  void pruneExcess(String topic, Set<PeerId> members) {
    List<PeerId> shuffled = new ArrayList<>(members);
    Collections.shuffle(shuffled, state.random);
    shuffled.sort(Comparator.comparingDouble((PeerId p) -> state.scores.score(p)).reversed());
    List<PeerId> rest = new ArrayList<>(shuffled.subList(state.params.dScore(), shuffled.size()));
    Collections.shuffle(rest, state.random);
    List<PeerId> keep = new ArrayList<>(shuffled.subList(0, state.params.dScore()));
    keep.addAll(rest.subList(0, state.params.d() - state.params.dScore()));
    long outbound = keep.stream().filter(p -> state.peers.get(p).outbound).count();
    if (outbound < state.params.dOut()) {
      List<PeerId> spareOutbound =
          rest.subList(state.params.d() - state.params.dScore(), rest.size()).stream()
              .filter(p -> state.peers.get(p).outbound)
              .toList();
      for (PeerId p : spareOutbound) {
        if (outbound >= state.params.dOut()) {
          break;
        }
        // replace the last kept inbound peer that is not among the best-scored
        for (int i = keep.size() - 1; i >= state.params.dScore(); i--) {
          if (!state.peers.get(keep.get(i)).outbound) {
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
        state.prune(p, topic, true, state.params.pruneBackoff());
      }
    }
  }

  void maintainFanout(long now) {
    long ttl = state.params.fanoutTtl().toNanos();
    for (String topic : List.copyOf(state.fanout.keySet())) {
      if (now - state.fanoutLastPublished.getOrDefault(topic, now) > ttl) {
        state.fanout.remove(topic);
        state.fanoutLastPublished.remove(topic);
        continue;
      }
      Set<PeerId> fan = state.fanout.get(topic);
      Set<PeerId> members = state.topicPeers.getOrDefault(topic, Set.of());
      fan.removeIf(p -> !members.contains(p) || state.scores.score(p) < 0);
      if (fan.size() < state.params.d()) {
        List<PeerId> candidates = state.eligible(topic, fan, false);
        fan.addAll(
            candidates.subList(0, Math.min(candidates.size(), state.params.d() - fan.size())));
      }
      exchange.emitGossip(topic, fan);
    }
  }
}
