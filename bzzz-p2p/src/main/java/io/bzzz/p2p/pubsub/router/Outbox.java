package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.pubsub.wire.ControlMessage;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Graft;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IHave;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IWant;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Prune;
import io.bzzz.p2p.pubsub.wire.PubMessage;
import io.bzzz.p2p.pubsub.wire.Rpc;
import io.bzzz.p2p.pubsub.wire.RpcCodec;
import io.bzzz.p2p.pubsub.wire.SubOpts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what one router step wants to send to each peer, so that subscriptions, control and
 * messages to the same peer go out piggybacked in as few RPCs as fit the size limit.
 */
final class Outbox {
  private static final class Pending {
    final List<SubOpts> subs = new ArrayList<>();
    final List<PubMessage> messages = new ArrayList<>();
    final List<IHave> ihave = new ArrayList<>();
    final List<IWant> iwant = new ArrayList<>();
    final List<Graft> graft = new ArrayList<>();
    final List<Prune> prune = new ArrayList<>();
  }

  private final int maxRpcSize;
  private final Map<PeerId, Pending> pending = new LinkedHashMap<>();

  Outbox(int maxRpcSize) {
    this.maxRpcSize = maxRpcSize;
  }

  void subscription(PeerId peer, SubOpts sub) {
    of(peer).subs.add(sub);
  }

  void message(PeerId peer, PubMessage message) {
    of(peer).messages.add(message);
  }

  void ihave(PeerId peer, IHave ihave) {
    of(peer).ihave.add(ihave);
  }

  void iwant(PeerId peer, IWant iwant) {
    of(peer).iwant.add(iwant);
  }

  void graft(PeerId peer, Graft graft) {
    of(peer).graft.add(graft);
  }

  void prune(PeerId peer, Prune prune) {
    of(peer).prune.add(prune);
  }

  void drop(PeerId peer) {
    pending.remove(peer);
  }

  /** Sends everything collected, splitting messages over several RPCs when they would not fit. */
  void flush(RouterOutput out) {
    for (Map.Entry<PeerId, Pending> e : pending.entrySet()) {
      Pending p = e.getValue();
      ControlMessage control = new ControlMessage(p.ihave, p.iwant, p.graft, p.prune);
      List<SubOpts> subs = p.subs;
      List<PubMessage> batch = new ArrayList<>();
      int batchSize = 0;
      // The first RPC carries subscriptions and control; later ones only messages.
      int budget = maxRpcSize - RpcCodec.encode(new Rpc(subs, List.of(), control)).length;
      for (PubMessage m : p.messages) {
        int size = RpcCodec.encodedSizeInRpc(m);
        if (!batch.isEmpty() && batchSize + size > budget) {
          out.send(e.getKey(), new Rpc(subs, batch, control));
          subs = List.of();
          control = ControlMessage.EMPTY;
          batch = new ArrayList<>();
          batchSize = 0;
          budget = maxRpcSize;
        }
        batch.add(m);
        batchSize += size;
      }
      Rpc last = new Rpc(subs, batch, control);
      if (!last.isEmpty()) {
        out.send(e.getKey(), last);
      }
    }
    pending.clear();
  }

  private Pending of(PeerId peer) {
    return pending.computeIfAbsent(peer, p -> new Pending());
  }
}
