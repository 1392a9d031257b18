package io.bzzz.tracker.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last 200 answer and its ETag per URL, so that a 304 reuses the page (and, on GitHub, costs no
 * rate limit). Bounded: least recently used entries go first.
 */
final class EtagCache {
  record Cached(String etag, ApiReply response) {}

  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, Cached> entries;

  EtagCache(int capacity) {
    this.capacity = capacity;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > EtagCache.this.capacity;
          }
        };
  }

  Optional<Cached> get(String url) {
    lock.lock();
    try {
      return Optional.ofNullable(entries.get(url));
    } finally {
      lock.unlock();
    }
  }

  void put(String url, Cached entry) {
    lock.lock();
    try {
      entries.put(url, entry);
    } finally {
      lock.unlock();
    }
  }
}
