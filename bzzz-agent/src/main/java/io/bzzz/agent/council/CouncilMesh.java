package io.bzzz.agent.council;

import java.util.List;
import java.util.Set;

/** What the council engine needs from the mesh: who is there, what they can do, and a voice. */
public interface CouncilMesh {
  /** Peers heard recently, without this agent. */
  List<String> livePeers();

  /** The capability names {@code peer} last broadcast; empty when unknown. */
  Set<String> capabilitiesOf(String peer);

  /** Confirmed gone by the liveness rules (silent, and missed by a majority). */
  boolean isGone(String peer);

  /** Publishes on the council topic. */
  void publish(CouncilMessage message);
}
