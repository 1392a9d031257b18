package io.bzzz.agent.schedule;

import java.util.concurrent.atomic.AtomicLong;

/** What the auction did, for {@code /metrics}. */
public final class AuctionCounters {
  final AtomicLong roundsOpened = new AtomicLong();
  final AtomicLong bidsSent = new AtomicLong();
  final AtomicLong bidsReceived = new AtomicLong();
  final AtomicLong bidsIgnored = new AtomicLong();
  final AtomicLong roundsWon = new AtomicLong();
  final AtomicLong fallbackClaims = new AtomicLong();

  /** A point-in-time copy. */
  public record Snapshot(
      long roundsOpened,
      long bidsSent,
      long bidsReceived,
      long bidsIgnored,
      long roundsWon,
      long fallbackClaims) {}

  public Snapshot snapshot() {
    return new Snapshot(
        roundsOpened.get(),
        bidsSent.get(),
        bidsReceived.get(),
        bidsIgnored.get(),
        roundsWon.get(),
        fallbackClaims.get());
  }
}
