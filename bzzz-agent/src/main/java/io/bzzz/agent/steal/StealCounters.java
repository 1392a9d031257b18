package io.bzzz.agent.steal;

import java.util.concurrent.atomic.AtomicLong;

/** What work stealing did, for {@code /metrics}. */
public final class StealCounters {
  final AtomicLong offersSent = new AtomicLong();
  final AtomicLong offersReceived = new AtomicLong();
  final AtomicLong offersIgnored = new AtomicLong();
  final AtomicLong taken = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  final AtomicLong givenAway = new AtomicLong();

  /**
   * A point-in-time copy.
   *
   * @param offersSent offers this agent published (one per task and round)
   * @param offersReceived offers heard from peers
   * @param offersIgnored offers dropped: the sender not the offerer, or not a live peer
   * @param taken offered tasks this agent took over (its claim of the next attempt won)
   * @param refused take-overs the claim ref refused (another agent, or the owner, was first)
   * @param givenAway this agent's offered tasks that a peer took over
   */
  public record Snapshot(
      long offersSent,
      long offersReceived,
      long offersIgnored,
      long taken,
      long refused,
      long givenAway) {}

  public Snapshot snapshot() {
    return new Snapshot(
        offersSent.get(),
        offersReceived.get(),
        offersIgnored.get(),
        taken.get(),
        refused.get(),
        givenAway.get());
  }
}
