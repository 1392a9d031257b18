package io.bzzz.agent.schedule;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The auction's counters and the mesh's load for {@code /metrics}: rounds, bids sent, received and
 * ignored, rounds won, fallback claims; this agent's utilisation, every live peer's (from its
 * availability broadcasts), their variance and the hotspots ({@link MeshLoad}).
 */
public final class AuctionMetrics implements Supplier<MetricSnapshots> {
  private final Auction auction;
  private final Supplier<Double> own;
  private final Supplier<Map<String, Double>> peers;

  /**
   * @param own this agent's slots in use over {@code max_tasks}
   * @param peers each live peer's {@code current_tasks / max_tasks}
   */
  public AuctionMetrics(
      Auction auction, Supplier<Double> own, Supplier<Map<String, Double>> peers) {
    this.auction = auction;
    this.own = own;
    this.peers = peers;
  }

  @Override
  public MetricSnapshots get() {
    AuctionCounters.Snapshot c = auction.counters();
    double mine = own.get();
    Map<String, Double> others = peers.get();
    List<Double> all = new ArrayList<>(others.values());
    all.add(mine);
    GaugeSnapshot.Builder perPeer =
        GaugeSnapshot.builder()
            .name("bzzz_mesh_peer_utilisation")
            .help("Each live peer's current_tasks / max_tasks, from its availability broadcasts.");
    others.forEach(
        (peer, u) ->
            perPeer.dataPoint(
                GaugeDataPointSnapshot.builder().labels(Labels.of("peer", peer)).value(u).build()));
    return MetricSnapshots.of(
        counter("bzzz_auction_rounds", "Auction rounds this agent took part in.", c.roundsOpened()),
        counter(
            "bzzz_auction_bids_sent", "Bids and abstentions this agent published.", c.bidsSent()),
        counter("bzzz_auction_bids_received", "Bids heard from peers.", c.bidsReceived()),
        counter(
            "bzzz_auction_bids_ignored",
            "Bids dropped: sender not the bidder, or not a live peer.",
            c.bidsIgnored()),
        counter("bzzz_auction_rounds_won", "Rounds this agent won (claimed first).", c.roundsWon()),
        counter(
            "bzzz_auction_fallback_claims",
            "Claims as a later bidder, or as the opener of a round nobody bid on.",
            c.fallbackClaims()),
        gauge("bzzz_utilisation", "This agent's slots in use / max_tasks.", mine),
        perPeer.build(),
        gauge(
            "bzzz_mesh_load_variance",
            "Variance of the utilisation of this agent and its live peers.",
            MeshLoad.variance(all)),
        gauge(
            "bzzz_mesh_hotspots",
            "Agents at 80 % utilisation or more while others have room.",
            MeshLoad.hotspots(all)));
  }

  private static CounterSnapshot counter(String name, String help, long value) {
    return MetricPoints.counter(name, help, value);
  }

  private static GaugeSnapshot gauge(String name, String help, double value) {
    return MetricPoints.gauge(name, help, value);
  }
}
