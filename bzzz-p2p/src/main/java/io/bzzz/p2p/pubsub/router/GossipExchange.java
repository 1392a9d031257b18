package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.pubsub.MessageId;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IHave;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IWant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gossip: answering IHAVE with IWANT and IWANT with cached messages, within per-heartbeat limits,
 * and announcing recent message ids in IHAVE to non-mesh peers (and once to new mesh peers).
 */
final class GossipExchange {
  private final RouterState state;

  GossipExchange(RouterState state) {
    this.state = state;
  }

  void handleIHave(PeerId peer, PeerState peerState, List<IHave> ihaves) {
    if (state.scores.score(peer) < state.params.gossipThreshold()) {
      return;
    }
    for (IHave ihave : ihaves) {
      if (++peerState.ihaves > state.params.maxIHaveMessages()) {
        return;
      }
      if (!state.subscriptions.contains(ihave.topic())) {
        continue;
      }
      List<byte[]> wanted = new ArrayList<>();
      Set<MessageId> unique = new HashSet<>();
      for (byte[] raw : ihave.messageIds()) {
        MessageId id = MessageId.of(raw);
        if (!state.seen.contains(id) && unique.add(id)) {
          wanted.add(raw);
        }
      }
      int room = state.params.maxIHaveLength() - peerState.idsAsked;
      if (wanted.isEmpty() || room <= 0) {
        continue;
      }
      if (wanted.size() > room) {
        Collections.shuffle(wanted, state.random);
        wanted = wanted.subList(0, room);
      }
      peerState.idsAsked += wanted.size();
      state.outbox.iwant(peer, new IWant(wanted));
    }
  }

  void handleIWant(PeerId peer, PeerState peerState, List<IWant> iwants) {
    if (state.scores.score(peer) < state.params.gossipThreshold()) {
      return;
    }
    for (IWant iwant : iwants) {
      for (byte[] raw : iwant.messageIds()) {
        if (++peerState.iwantIds > state.params.maxIWantPerHeartbeat()) {
          if (!peerState.iwantFloodPenalised) {
            peerState.iwantFloodPenalised = true;
            state.penalise(peer, state.params.penaltyIWantFlood(), "IWANT flood");
          }
          return;
        }
        state
            .mcache
            .getForPeer(MessageId.of(raw), peer, state.params.gossipRetransmission())
            .ifPresent(m -> state.outbox.message(peer, m));
      }
    }
  }

  void emitGossip(String topic, Set<PeerId> exclude) {
    List<MessageId> ids = state.mcache.gossipIds(topic);
    if (ids.isEmpty()) {
      return;
    }
    List<PeerId> candidates = state.eligible(topic, exclude, false);
    int target =
        Math.max(state.params.dLazy(), (int) (state.params.gossipFactor() * candidates.size()));
    List<byte[]> raw = new ArrayList<>(ids.size());
    ids.forEach(id -> raw.add(id.bytes()));
    for (PeerId p : candidates.subList(0, Math.min(target, candidates.size()))) {
      List<byte[]> announce = raw;
      if (announce.size() > state.params.maxIHaveLength()) {
        announce = new ArrayList<>(raw);
        Collections.shuffle(announce, state.random);
        announce = announce.subList(0, state.params.maxIHaveLength());
      }
      state.outbox.ihave(p, new IHave(topic, announce)); // always with topicID (jvm-libp2p #361)
    }
  }

  /**
   * Mesh state.peers get no IHAVE, and state.mesh forwarding only carries messages that arrive
   * after the GRAFT; so a peer that just joined our state.mesh would miss what we received shortly
   * before, when it was connected but not yet meshed. Announcing the recent window to it once
   * closes that gap.
   */
  void catchUpNewMeshPeers(String topic, Set<PeerId> members) {
    Set<PeerId> fresh = state.newInMesh.get(topic);
    if (fresh == null) {
      return;
    }
    List<MessageId> ids = state.mcache.gossipIds(topic);
    if (ids.isEmpty()) {
      return;
    }
    List<byte[]> raw = new ArrayList<>(ids.size());
    ids.subList(0, Math.min(ids.size(), state.params.maxIHaveLength()))
        .forEach(id -> raw.add(id.bytes()));
    for (PeerId p : fresh) {
      if (members.contains(p)) {
        state.outbox.ihave(p, new IHave(topic, raw));
      }
    }
  }
}
