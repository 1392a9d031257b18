package io.bzzz.p2p.pubsub.host;

import io.bzzz.p2p.pubsub.wire.ControlMessage;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Graft;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IHave;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IWant;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Prune;
import io.bzzz.p2p.pubsub.wire.PubMessage;
import io.bzzz.p2p.pubsub.wire.Rpc;
import io.bzzz.p2p.pubsub.wire.SubOpts;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges the RPCs queued for one peer into as few RPCs as possible: the peer then decodes and
 * handles one RPC, under one acquisition of its router's lock, instead of one per message. Only
 * messages, IHAVE and IWANT are merged into a preceding RPC, since a receiver's result does not
 * depend on their order within an RPC; an RPC with subscriptions, GRAFT or PRUNE starts a new one,
 * so those keep their order. Merged RPCs stay well inside the decoders' limits (ours are {@code
 * RpcLimits.defaults}); the writer checks the encoded size.
 */
final class RpcMerger {
  static final int MAX_MESSAGES = 1000;
  static final int MAX_IDS = 5000;
  static final int MAX_ENTRIES = 1000;

  private RpcMerger() {}

  /** Splits {@code batch} into runs of RPCs that {@link #combine} may merge, in order. */
  static List<List<Rpc>> groups(List<Rpc> batch) {
    List<List<Rpc>> out = new ArrayList<>();
    Group group = null;
    for (Rpc rpc : batch) {
      if (group == null || startsGroup(rpc) || !group.fits(rpc)) {
        group = new Group();
        out.add(group.rpcs);
      }
      group.add(rpc);
    }
    return out;
  }

  /** One RPC with everything of {@code group} (one of {@link #groups}'s runs). */
  static Rpc combine(List<Rpc> group) {
    if (group.size() == 1) {
      return group.get(0);
    }
    List<SubOpts> subs = new ArrayList<>();
    List<PubMessage> messages = new ArrayList<>();
    List<IHave> ihave = new ArrayList<>();
    List<IWant> iwant = new ArrayList<>();
    List<Graft> graft = new ArrayList<>();
    List<Prune> prune = new ArrayList<>();
    for (Rpc rpc : group) {
      ControlMessage c = rpc.control();
      subs.addAll(rpc.subscriptions());
      messages.addAll(rpc.publish());
      ihave.addAll(c.ihave());
      iwant.addAll(c.iwant());
      graft.addAll(c.graft());
      prune.addAll(c.prune());
    }
    ControlMessage control =
        ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty()
            ? ControlMessage.EMPTY
            : new ControlMessage(ihave, iwant, graft, prune);
    return new Rpc(subs, messages, control);
  }

  private static boolean startsGroup(Rpc rpc) {
    return !rpc.subscriptions().isEmpty()
        || !rpc.control().graft().isEmpty()
        || !rpc.control().prune().isEmpty();
  }

  /** Counts what a run holds, against the limits. */
  private static final class Group {
    final List<Rpc> rpcs = new ArrayList<>();
    int messages;
    int ids;
    int entries;

    boolean fits(Rpc rpc) {
      return messages + rpc.publish().size() <= MAX_MESSAGES
          && ids + ids(rpc.control()) <= MAX_IDS
          && entries + entries(rpc.control()) <= MAX_ENTRIES;
    }

    void add(Rpc rpc) {
      rpcs.add(rpc);
      messages += rpc.publish().size();
      ids += ids(rpc.control());
      entries += entries(rpc.control());
    }

    private static int ids(ControlMessage c) {
      int n = 0;
      for (IHave h : c.ihave()) {
        n += h.messageIds().size();
      }
      for (IWant w : c.iwant()) {
        n += w.messageIds().size();
      }
      return n;
    }

    private static int entries(ControlMessage c) {
      return c.ihave().size() + c.iwant().size() + c.graft().size() + c.prune().size() + 1;
    }
  }
}
