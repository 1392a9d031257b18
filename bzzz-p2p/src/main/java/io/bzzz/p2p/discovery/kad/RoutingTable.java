package io.bzzz.p2p.discovery.kad;

import io.bzzz.p2p.crypto.PeerId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The k-bucket routing table: bucket {@code i} holds up to k peers whose key shares exactly {@code
 * i} leading bits with ours. A full bucket keeps its peers and refuses newcomers (long-lived peers
 * are the most likely to stay, per the Kademlia paper); peers leave when a query to them fails.
 * Thread-safe.
 */
public final class RoutingTable {
  /** A routing table member. */
  public record Entry(PeerId peer, KadKey key, Instant added) {}

  private final KadKey self;
  private final int k;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Map<PeerId, Entry>> buckets = new ArrayList<>();

  public RoutingTable(PeerId self, int k, InstantSource clock) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive");
    }
    this.self = KadKey.of(self);
    this.k = k;
    this.clock = clock;
    for (int i = 0; i <= KadKey.BITS; i++) {
      buckets.add(new LinkedHashMap<>());
    }
  }

  /** Adds {@code peer}; false when it is us, already present, or its bucket is full. */
  public boolean add(PeerId peer) {
    KadKey key = KadKey.of(peer);
    int cpl = self.commonPrefixLength(key);
    if (cpl == KadKey.BITS) {
      return false;
    }
    lock.lock();
    try {
      Map<PeerId, Entry> bucket = buckets.get(cpl);
      if (bucket.containsKey(peer) || bucket.size() >= k) {
        return false;
      }
      bucket.put(peer, new Entry(peer, key, clock.instant()));
      return true;
    } finally {
      lock.unlock();
    }
  }

  public boolean remove(PeerId peer) {
    int cpl = self.commonPrefixLength(KadKey.of(peer));
    lock.lock();
    try {
      return cpl < KadKey.BITS && buckets.get(cpl).remove(peer) != null;
    } finally {
      lock.unlock();
    }
  }

  public boolean contains(PeerId peer) {
    int cpl = self.commonPrefixLength(KadKey.of(peer));
    lock.lock();
    try {
      return cpl < KadKey.BITS && buckets.get(cpl).containsKey(peer);
    } finally {
      lock.unlock();
    }
  }

  /** The {@code count} peers closest to {@code target}, closest first. */
  public List<PeerId> closest(KadKey target, int count) {
    return entries().stream()
        .sorted(Comparator.comparing(Entry::key, target::compareDistance))
        .limit(count)
        .map(Entry::peer)
        .toList();
  }

  public List<Entry> entries() {
    lock.lock();
    try {
      return buckets.stream().flatMap(b -> b.values().stream()).toList();
    } finally {
      lock.unlock();
    }
  }

  public int size() {
    lock.lock();
    try {
      return buckets.stream().mapToInt(Map::size).sum();
    } finally {
      lock.unlock();
    }
  }

  public int bucketSize(int commonPrefixLength) {
    lock.lock();
    try {
      return buckets.get(commonPrefixLength).size();
    } finally {
      lock.unlock();
    }
  }

  public int k() {
    return k;
  }
}
