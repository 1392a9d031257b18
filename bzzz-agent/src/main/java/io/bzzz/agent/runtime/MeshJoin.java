package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.PeerTable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when this agent has joined the mesh: it has heard a peer and broadcast its capabilities
 * after that, so at least that peer knows who it is. Until then it claims nothing, since a claim
 * made before anyone heard of its owner is one nobody would watch. An agent configured to run alone
 * has joined from the start.
 */
final class MeshJoin {
  private static final Logger log = LoggerFactory.getLogger(MeshJoin.class);

  private final PeerTable peers;
  private final LoopSignals loop;
  private final AtomicBoolean joined = new AtomicBoolean();

  MeshJoin(PeerTable peers, LoopSignals loop) {
    this.peers = peers;
    this.loop = loop;
  }

  /** Configured to run alone: claiming needs no peer. */
  void runAlone() {
    if (joined.compareAndSet(false, true)) {
      log.atInfo().log("running alone: claiming without waiting for a peer");
      peers.markJoined();
      loop.joined();
    }
  }

  /** A peer was heard and our capability broadcast went out after that. */
  void announcedTo(String peer) {
    if (joined.compareAndSet(false, true)) {
      log.atInfo().addKeyValue("peer", peer).log("joined the mesh; claiming from now on");
      peers.markJoined();
      loop.joined();
    }
  }

  boolean joined() {
    return joined.get();
  }
}
