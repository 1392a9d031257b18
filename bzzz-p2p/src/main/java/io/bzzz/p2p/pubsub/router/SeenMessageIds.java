package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.pubsub.MessageId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Message ids seen in the last TTL. One TTL for all, so insertion order is expiry order. */
final class SeenMessageIds {
  private final long ttlNanos;
  private final LinkedHashMap<MessageId, Long> expiry = new LinkedHashMap<>();

  SeenMessageIds(long ttlNanos) {
    this.ttlNanos = ttlNanos;
  }

  boolean contains(MessageId id) {
    return expiry.containsKey(id);
  }

  /** Marks {@code id} seen; false if it already was. */
  boolean add(MessageId id, long nowNanos) {
    return expiry.putIfAbsent(id, nowNanos + ttlNanos) == null;
  }

  void expire(long nowNanos) {
    Iterator<Map.Entry<MessageId, Long>> it = expiry.entrySet().iterator();
    while (it.hasNext() && it.next().getValue() - nowNanos <= 0) {
      it.remove();
    }
  }

  int size() {
    return expiry.size();
  }
}
