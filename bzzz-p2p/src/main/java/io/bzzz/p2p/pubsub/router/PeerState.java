package io.bzzz.p2p.pubsub.router;

import java.util.HashSet;
import java.util.Set;

/** What the router knows about one connected pubsub peer. */
final class PeerState {
  final boolean outbound;
  final boolean v11;
  final Set<String> topics = new HashSet<>();
  // per-heartbeat gossip budget: IHAVEs received, ids we asked for, ids it asked us for
  int ihaves;
  int idsAsked;
  int iwantIds;
  boolean iwantFloodPenalised;

  PeerState(boolean outbound, boolean v11) {
    this.outbound = outbound;
    this.v11 = v11;
  }

  void startHeartbeat() {
    ihaves = 0;
    idsAsked = 0;
    iwantIds = 0;
    iwantFloodPenalised = false;
  }
}
