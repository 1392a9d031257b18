package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Public keys of recent authors, decoded once: decoding an Ed25519 key from its peer id
 * decompresses a curve point, a sizeable part of the cost of verifying a small message. Bounded;
 * the least recently used author is forgotten first. Thread-safe: signatures are checked outside
 * the router's lock.
 */
final class AuthorKeys {
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
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
    lock.lock();
    try {
      PublicKey key = keys.get(author);
      if (key != null) {
        return Optional.of(key);
      }
    } finally {
      lock.unlock();
    }
    Optional<PublicKey> decoded = author.publicKey(); // outside the lock: it is the slow part
    if (capacity > 0 && decoded.isPresent()) {
      lock.lock();
      try {
        keys.put(author, decoded.get());
      } finally {
        lock.unlock();
      }
    }
    return decoded;
  }
}
