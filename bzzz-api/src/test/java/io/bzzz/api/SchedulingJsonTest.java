package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.agent.capability.Capabilities;
import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.Payload.TaskBid;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.pickup.PickupMetrics;
import io.bzzz.agent.runtime.LatencyMetrics;
import io.bzzz.agent.schedule.Auction;
import io.bzzz.agent.schedule.AuctionMetrics;
import io.bzzz.agent.schedule.AuctionSettings;
import io.bzzz.agent.schedule.MeshLoadMetrics;
import io.bzzz.agent.schedule.ScoreWeights;
import io.bzzz.agent.schedule.Scorer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The {@code scheduling} object of {@code /api/v1/mesh}, built from the real metric families {@code
 * /metrics} writes: the pickup histogram, a live auction's counters, the mesh's load.
 */
class SchedulingJsonTest {
  static final TaskRef ALONE = new TaskRef("gitea", "o/r", 1);
  static final TaskRef CONTESTED = new TaskRef("gitea", "o/r", 2);

  @Test
  void pickupsAuctionEventsAndLoadShowUpWithTheirFieldNames() {
    LatencyMetrics metrics = new LatencyMetrics();
    PickupMetrics pickup = metrics.pickup();
    pickup.pickedUp(PickupMetrics.Path.WEBHOOK, Duration.ofMillis(100));
    pickup.pickedUp(PickupMetrics.Path.MESH, Duration.ofMillis(300));
    pickup.pickedUp(PickupMetrics.Path.MESH, Duration.ofMillis(300));
    pickup.pickedUp(PickupMetrics.Path.POLL, Duration.ofSeconds(7));
    List<String> claims = new CopyOnWriteArrayList<>();
    try (Auction auction = auction(claims)) {
      metrics.include(
          new AuctionMetrics(auction, () -> 0.5, () -> Map.of("peer", 1.0, "idle", 0.0)));
      auction.taskAvailable(ALONE, List.of()); // alone in its round: bids and wins
      await().atMost(Duration.ofSeconds(30)).until(() -> claims.contains(ALONE + "@0"));
      auction.onMessage(bid("peer", "peer", 9.0)); // a better peer: this agent bids and loses
      auction.onMessage(bid("peer", "someone-else", 9.0)); // forged, ignored
      await().atMost(Duration.ofSeconds(30)).until(() -> auction.order(CONTESTED).isPresent());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> auction.counters().bidsSent() == 2); // published on the auction's thread

      JsonNode s = SchedulingJson.of(metrics.snapshot());

      assertThat(s.fieldNames())
          .toIterable()
          .containsExactly(
              "pickup", "auction", "utilisation", "peer_utilisation", "load_variance", "hotspots");
      JsonNode p = s.path("pickup");
      assertThat(p.fieldNames())
          .toIterable()
          .containsExactly(
              "count", "sum_seconds", "p50_seconds", "p95_seconds", "by_path", "buckets");
      assertThat(p.path("count").asLong()).isEqualTo(4);
      assertThat(p.path("sum_seconds").asDouble()).isCloseTo(7.7, within());
      // histogram_quantile: rank 2 of 4 halfway through (0.25, 0.5]; rank 3.8 in (5, 10]
      assertThat(p.path("p50_seconds").asDouble()).isCloseTo(0.375, within());
      assertThat(p.path("p95_seconds").asDouble()).isCloseTo(9.0, within());
      assertThat(p.path("by_path").path("webhook").asLong()).isEqualTo(1);
      assertThat(p.path("by_path").path("mesh").asLong()).isEqualTo(2);
      assertThat(p.path("by_path").path("poll").asLong()).isEqualTo(1);
      List<String> buckets = new ArrayList<>();
      p.path("buckets")
          .forEach(b -> buckets.add(b.path("le").asDouble() + "=" + b.path("count").asLong()));
      assertThat(buckets) // cumulative, as Prometheus' le buckets; +Inf is count
          .containsExactly(
              "0.25=1",
              "0.5=3",
              "1.0=3",
              "2.0=3",
              "5.0=3",
              "10.0=4",
              "30.0=4",
              "60.0=4",
              "120.0=4",
              "300.0=4",
              "900.0=4",
              "3600.0=4");

      JsonNode a = s.path("auction");
      assertThat(a.path("enabled").asBoolean()).isTrue();
      assertThat(a.path("rounds").asLong()).isEqualTo(2);
      assertThat(a.path("rounds_won").asLong()).isEqualTo(1);
      assertThat(a.path("rounds_lost").asLong()).isEqualTo(1);
      assertThat(a.path("fallback_claims").asLong()).isZero(); // its turn is 30 s away
      assertThat(a.path("bids_sent").asLong()).isEqualTo(2);
      assertThat(a.path("bids_received").asLong()).isEqualTo(2);
      assertThat(a.path("bids_ignored").asLong()).isEqualTo(1);

      assertThat(s.path("utilisation").asDouble()).isEqualTo(0.5);
      assertThat(s.path("peer_utilisation").path("peer").asDouble()).isEqualTo(1.0);
      assertThat(s.path("peer_utilisation").path("idle").asDouble()).isEqualTo(0.0);
      // mean 0.5 of {0.5, 1, 0}: variance (0 + 0.25 + 0.25) / 3; "peer" is the one hotspot
      assertThat(s.path("load_variance").asDouble()).isCloseTo(1 / 6.0, within());
      assertThat(s.path("hotspots").asLong()).isEqualTo(1);
    }
  }

  @Test
  void withTheAuctionOffAndNoPickupsTheFiguresAreZeros() {
    LatencyMetrics metrics = new LatencyMetrics();
    metrics.include(new MeshLoadMetrics(() -> 0.0, Map::of)); // as every agent without the auction

    JsonNode s = SchedulingJson.of(metrics.snapshot());

    assertThat(s.path("pickup").path("count").asLong()).isZero();
    assertThat(s.path("pickup").path("p50_seconds").isNull()).isTrue();
    assertThat(s.path("pickup").path("p95_seconds").isNull()).isTrue();
    assertThat(s.path("pickup").path("by_path").path("poll").asLong()).isZero();
    JsonNode a = s.path("auction");
    assertThat(a.path("enabled").asBoolean()).isFalse();
    for (String f :
        List.of(
            "rounds",
            "rounds_won",
            "rounds_lost",
            "fallback_claims",
            "bids_sent",
            "bids_received",
            "bids_ignored")) {
      assertThat(a.path(f).isNumber()).as(f).isTrue();
      assertThat(a.path(f).asLong()).as(f).isZero();
    }
    assertThat(s.path("utilisation").asDouble()).isZero();
    assertThat(s.path("peer_utilisation").size()).isZero();
    assertThat(s.path("load_variance").asDouble()).isZero();
    assertThat(s.path("hotspots").asLong()).isZero();
  }

  @Test
  void aQuantileBeyondTheLastBoundIsThatBound() {
    double[] bounds = {1, 2, Double.POSITIVE_INFINITY};
    assertThat(SchedulingJson.quantile(0.95, bounds, new long[] {1, 0, 3}, 4)).isEqualTo(2.0);
    assertThat(SchedulingJson.quantile(0.5, bounds, new long[] {0, 0, 0}, 0)).isNaN();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  private static Auction auction(List<String> claims) {
    Scorer scorer = new Scorer(ScoreWeights.DEFAULT, 0.7, SchedulingJsonTest::inputs);
    return new Auction(
        "me",
        new AuctionSettings(
            true, Duration.ofMillis(200), Duration.ofSeconds(30), 0.7, ScoreWeights.DEFAULT),
        scorer,
        payload -> {},
        (task, labels, rank) -> claims.add(task + "@" + rank),
        Set.of("peer")::contains,
        InstantSource.system());
  }

  private static Envelope bid(String from, String bidder, double score) {
    return Envelope.of(
        from,
        Instant.now(),
        new TaskBid(
            CONTESTED,
            bidder,
            score,
            new TaskBid.Terms(1, 1, 1, 1),
            "r",
            Instant.now().plusMillis(200),
            List.of(),
            1,
            false));
  }

  private static Scorer.Inputs inputs() {
    Capabilities caps =
        new Capabilities(4, 8L << 30, List.of(), List.of(), List.of("git"), List.of());
    return new Scorer.Inputs() {
      @Override
      public Capabilities capabilities() {
        return caps;
      }

      @Override
      public int slotsInUse() {
        return 0;
      }

      @Override
      public int maxSlots() {
        return 2;
      }

      @Override
      public double cpu() {
        return 0.1;
      }

      @Override
      public double memoryUsed() {
        return 0.1;
      }

      @Override
      public double freeDisk() {
        return 0.5;
      }

      @Override
      public double performance(List<String> labels) {
        return 0.5;
      }
    };
  }
}
