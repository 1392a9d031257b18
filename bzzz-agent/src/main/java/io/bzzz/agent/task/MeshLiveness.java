package io.bzzz.agent.task;

import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.OwnerLiveness;

/**
 * The tracker's "is this claim's owner gone?" answered by the mesh: yes only when the peer table
 * has confirmed the owner's peer id gone (silent for three intervals and missed by a majority of
 * the live peers, from the majority side of any split). That holds for owners this agent never
 * heard too, once the task loop has asked the table to {@link PeerTable#watch watch} them. A claim
 * whose owner has no known peer id (a human, an agent from before peer ids were written) is never
 * taken over automatically. An owner that said the task's finished result waits for the tracker
 * gets a longer wait ({@link PeerTable#mayTakeOver}).
 */
public final class MeshLiveness implements OwnerLiveness {
  private final PeerTable peers;

  public MeshLiveness(PeerTable peers) {
    this.peers = peers;
  }

  @Override
  public boolean isGone(Claim claim) {
    return claim
        .owner()
        .flatMap(AgentIdentity::peerId)
        .map(peer -> peers.mayTakeOver(peer, claim.number()))
        .orElse(false);
  }
}
