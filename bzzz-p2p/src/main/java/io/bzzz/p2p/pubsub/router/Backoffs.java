package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import java.util.HashMap;
import java.util.Map;

/** Per topic and peer: until when the peer must not be (re)grafted after a PRUNE. */
final class Backoffs {
  private final Map<String, Map<PeerId, Long>> expiry = new HashMap<>();

  /** Extends the backoff to {@code untilNanos} if it ends earlier. */
  void add(String topic, PeerId peer, long untilNanos) {
    expiry.computeIfAbsent(topic, t -> new HashMap<>()).merge(peer, untilNanos, Math::max);
  }

  /** True while the backoff (plus {@code slackNanos}) has not ended. */
  boolean active(String topic, PeerId peer, long nowNanos, long slackNanos) {
    Map<PeerId, Long> t = expiry.get(topic);
    Long until = t == null ? null : t.get(peer);
    return until != null && until + slackNanos - nowNanos > 0;
  }

  /** Forgets backoffs that ended more than {@code slackNanos} ago. */
  void expire(long nowNanos, long slackNanos) {
    expiry.values().forEach(t -> t.values().removeIf(until -> until + slackNanos - nowNanos <= 0));
    expiry.values().removeIf(Map::isEmpty);
  }
}
