package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.pubsub.MessageId;
import io.bzzz.p2p.pubsub.wire.PubMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Message ids whose first copy is being verified, and the copies that arrived meanwhile. A copy of
 * an id in flight is not verified again (concurrent duplicates cost nothing), but is remembered:
 * its sender is not sent the message when we forward it, and if the copy under check turns out
 * forged, a copy with different bytes gets its own check, so a forgery that arrives first cannot
 * shadow the real message. Not thread-safe (router lock).
 */
final class InFlight {
  /** Distinct versions of one id kept for a second check; more are dropped (gossip repairs). */
  static final int MAX_VARIANTS = 4;

  /** One version of the message's bytes and the peers that sent exactly it. */
  private record Variant(PubMessage message, List<PeerId> sources) {}

  private static final class Entry {
    final long startedNanos;

    /** The first variant is the one being checked. */
    final List<Variant> variants = new ArrayList<>(1);

    final Set<PeerId> senders = new LinkedHashSet<>();

    Entry(long startedNanos) {
      this.startedNanos = startedNanos;
    }
  }

  /** What a failed check leaves: who sent the bad bytes, and the next version to check. */
  record Failure(List<PeerId> sources, Optional<UnverifiedMessage> next) {}

  /** In the order checks started, so the oldest are found first. */
  private final LinkedHashMap<MessageId, Entry> entries = new LinkedHashMap<>();

  /**
   * Records a received copy. True when {@code m.id()} was not in flight: the caller checks it now.
   */
  boolean begin(UnverifiedMessage m, long nowNanos) {
    Entry entry = entries.get(m.id());
    if (entry == null) {
      entry = new Entry(nowNanos);
      entry.variants.add(new Variant(m.message(), new ArrayList<>(List.of(m.source()))));
      entry.senders.add(m.source());
      entries.put(m.id(), entry);
      return true;
    }
    entry.senders.add(m.source());
    for (Variant v : entry.variants) {
      if (sameBytes(v.message(), m.message())) {
        v.sources().add(m.source());
        return false;
      }
    }
    if (entry.variants.size() < MAX_VARIANTS) {
      entry.variants.add(new Variant(m.message(), new ArrayList<>(List.of(m.source()))));
    }
    return false;
  }

  /** The copy under check was accepted: forgets the id; returns every peer that sent a copy. */
  Set<PeerId> accepted(MessageId id) {
    Entry entry = entries.remove(id);
    return entry == null ? Set.of() : entry.senders;
  }

  /** The copy under check is invalid or rejected: its senders, and the next version to check. */
  Failure failed(MessageId id) {
    Entry entry = entries.get(id);
    if (entry == null) {
      return new Failure(List.of(), Optional.empty());
    }
    Variant bad = entry.variants.remove(0);
    if (entry.variants.isEmpty()) {
      entries.remove(id);
      return new Failure(bad.sources(), Optional.empty());
    }
    Variant next = entry.variants.get(0);
    return new Failure(
        bad.sources(),
        Optional.of(new UnverifiedMessage(next.sources().get(0), next.message(), id)));
  }

  /** Drops the id without a verdict on its copies (ignored, or our own message). */
  void abandon(MessageId id) {
    entries.remove(id);
  }

  /** Drops entries whose check started before {@code cutoffNanos}. */
  void expire(long cutoffNanos) {
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext() && it.next().startedNanos - cutoffNanos < 0) {
      it.remove();
    }
  }

  boolean contains(MessageId id) {
    return entries.containsKey(id);
  }

  int size() {
    return entries.size();
  }

  private static boolean sameBytes(PubMessage a, PubMessage b) {
    return a.topic().equals(b.topic())
        && same(a.from(), b.from())
        && same(a.data(), b.data())
        && same(a.seqno(), b.seqno())
        && same(a.signature(), b.signature())
        && same(a.key(), b.key());
  }

  private static boolean same(Optional<byte[]> a, Optional<byte[]> b) {
    return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
  }
}
