package io.bzzz.p2p.host;

import io.bzzz.p2p.crypto.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Backoff for peers whose dials fail: the first failure blocks dials for {@code first}, each
 * further one doubles it up to {@code max}; a success forgets the peer.
 */
final class DialBackoff {
  private record Entry(int failures, Instant until, String reason) {}

  private final ConcurrentHashMap<PeerId, Entry> entries = new ConcurrentHashMap<>();
  private final Duration first;
  private final Duration max;
  private final InstantSource clock;

  DialBackoff(Duration first, Duration max, InstantSource clock) {
    this.first = first;
    this.max = max;
    this.clock = clock;
  }

  /** The reason and remaining time, when {@code peer} is still backing off. */
  Optional<String> blocked(PeerId peer) {
    Entry e = entries.get(peer);
    Instant now = clock.instant();
    if (e == null || !now.isBefore(e.until())) {
      return Optional.empty();
    }
    return Optional.of(
        "peer "
            + peer
            + " is in dial backoff for another "
            + Duration.between(now, e.until()).toMillis()
            + " ms after: "
            + e.reason());
  }

  void failed(PeerId peer, String reason) {
    entries.compute(
        peer,
        (id, old) -> {
          int failures = old == null ? 1 : old.failures() + 1;
          Duration wait = first.multipliedBy(1L << Math.min(failures - 1, 20));
          if (wait.compareTo(max) > 0) {
            wait = max;
          }
          return new Entry(failures, clock.instant().plus(wait), reason);
        });
  }

  void succeeded(PeerId peer) {
    entries.remove(peer);
  }
}
