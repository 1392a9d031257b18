package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Public keys of recent authors, decoded once: decoding an Ed25519 key from its peer id
 * decompresses a curve point, a sizeable part of the cost of verifying a small message. Bounded;
 * the least recently used author is forgotten first. Not thread-safe (used under the router lock).
 */
final class AuthorKeys {
  private final int capacity;
  private final LinkedHashMap<PeerId, PublicKey> keys;

  AuthorKeys(int capacity) {
    this.capacity = capacity;
    this.keys =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<PeerId, PublicKey> eldest) {
            return size() > AuthorKeys.this.capacity;
          }
        };
  }

  /** The key inlined in {@code author}'s id; empty for hashed (non-Ed25519) ids. */
  Optional<PublicKey> of(PeerId author) {
    PublicKey key = keys.get(author);
    if (key != null) {
      return Optional.of(key);
    }
    Optional<PublicKey> decoded = author.publicKey();
    if (capacity > 0) {
      decoded.ifPresent(k -> keys.put(author, k));
    }
    return decoded;
  }
}
