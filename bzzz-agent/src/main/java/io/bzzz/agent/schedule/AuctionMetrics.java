package io.bzzz.agent.schedule;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The auction's counters and the mesh's load for {@code /metrics}: rounds, bids sent, received and
 * ignored, rounds won, fallback claims; and the mesh's load ({@link MeshLoadMetrics}).
 */
public final class AuctionMetrics implements Supplier<MetricSnapshots> {
  private final Auction auction;
  private final MeshLoadMetrics load;

  /**
   * @param own this agent's slots in use over {@code max_tasks}
   * @param peers each live peer's {@code current_tasks / max_tasks}
   */
  public AuctionMetrics(
      Auction auction, Supplier<Double> own, Supplier<Map<String, Double>> peers) {
    this.auction = auction;
    this.load = new MeshLoadMetrics(own, peers);
  }

  @Override
  public MetricSnapshots get() {
    AuctionCounters.Snapshot c = auction.counters();
    MetricSnapshots.Builder all =
        MetricSnapshots.builder()
            .metricSnapshot(
                counter(
                    "bzzz_auction_rounds",
                    "Auction rounds this agent took part in.",
                    c.roundsOpened()))
            .metricSnapshot(
                counter(
                    "bzzz_auction_bids_sent",
                    "Bids and abstentions this agent published.",
                    c.bidsSent()))
            .metricSnapshot(
                counter("bzzz_auction_bids_received", "Bids heard from peers.", c.bidsReceived()))
            .metricSnapshot(
                counter(
                    "bzzz_auction_bids_ignored",
                    "Bids dropped: sender not the bidder, or not a live peer.",
                    c.bidsIgnored()))
            .metricSnapshot(
                counter(
                    "bzzz_auction_rounds_won",
                    "Rounds this agent won (claimed first).",
                    c.roundsWon()))
            .metricSnapshot(
                counter(
                    "bzzz_auction_fallback_claims",
                    "Claims as a later bidder, or as the opener of a round nobody bid on.",
                    c.fallbackClaims()));
    load.get().forEach(all::metricSnapshot);
    return all.build();
  }

  private static CounterSnapshot counter(String name, String help, long value) {
    return MetricPoints.counter(name, help, value);
  }
}
