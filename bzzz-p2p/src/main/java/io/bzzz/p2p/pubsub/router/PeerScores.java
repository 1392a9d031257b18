package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import java.util.HashMap;
import java.util.Map;

/**
 * A deliberately simple score: 0 minus decaying penalties for provable misbehaviour (invalid
 * messages, malformed RPCs, IWANT floods, GRAFTs in backoff). It outlives the connection, so a
 * disconnected offender comes back with its bad score until it decays.
 */
final class PeerScores {
  private static final double FORGET_BELOW = 0.01;
  private final double decay;
  private final Map<PeerId, Double> penalties = new HashMap<>();

  PeerScores(double decay) {
    this.decay = decay;
  }

  double score(PeerId peer) {
    return -penalties.getOrDefault(peer, 0.0);
  }

  void penalise(PeerId peer, double amount) {
    penalties.merge(peer, amount, Double::sum);
  }

  /** Called every heartbeat. */
  void decay() {
    penalties.replaceAll((peer, p) -> p * decay);
    penalties.values().removeIf(p -> p < FORGET_BELOW);
  }
}
