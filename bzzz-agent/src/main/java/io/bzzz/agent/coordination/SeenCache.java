package io.bzzz.agent.coordination;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers ids (help request ids) for a while, to ignore duplicates. Bounded in both size and
 * time: the oldest entry goes first when full, and entries expire after {@code ttl}. Not
 * thread-safe; its owner serialises access.
 */
public final class SeenCache {
  private final int capacity;
  private final Duration ttl;
  private final InstantSource clock;
  private final LinkedHashMap<String, Instant> entries = new LinkedHashMap<>();

  public SeenCache(int capacity, Duration ttl, InstantSource clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Records {@code id}; true if it was new (not seen within the ttl). */
  public boolean add(String id) {
    Instant now = clock.instant();
    expire(now);
    if (entries.containsKey(id)) {
      return false;
    }
    if (entries.size() >= capacity) {
      Iterator<Map.Entry<String, Instant>> oldest = entries.entrySet().iterator();
      oldest.next();
      oldest.remove();
    }
    entries.put(id, now);
    return true;
  }

  public boolean contains(String id) {
    expire(clock.instant());
    return entries.containsKey(id);
  }

  public int size() {
    return entries.size();
  }

  private void expire(Instant now) {
    Iterator<Map.Entry<String, Instant>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().plus(ttl).isAfter(now)) {
        return; // insertion order: the rest are younger
      }
      it.remove();
    }
  }
}
