package io.bzzz.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code scheduling} object of {@code /api/v1/mesh}: pickup latency, the auction's counters and
 * the mesh's load, read from the very snapshots {@code /metrics} writes (so the page and a scrape
 * never disagree). A metric that is absent (the auction is off, a monitor has no tasks) reads as
 * zero.
 */
final class SchedulingJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PICKUP = "bzzz_task_pickup_seconds";
  private static final String[] PATHS = {"webhook", "mesh", "poll"};

  private SchedulingJson() {}

  static ObjectNode of(MetricSnapshots metrics) {
    Map<String, MetricSnapshot> byName = new TreeMap<>();
    metrics.forEach(m -> byName.put(m.getMetadata().getName(), m));
    ObjectNode o = JSON.createObjectNode();
    pickup(o.putObject("pickup"), byName.get(PICKUP));
    ObjectNode auction = o.putObject("auction");
    auction.put("enabled", byName.containsKey("bzzz_auction_rounds"));
    long rounds = counter(byName, "bzzz_auction_rounds");
    long won = counter(byName, "bzzz_auction_rounds_won");
    auction.put("rounds", rounds);
    auction.put("rounds_won", won);
    auction.put("rounds_lost", Math.max(0, rounds - won));
    auction.put("fallback_claims", counter(byName, "bzzz_auction_fallback_claims"));
    auction.put("bids_sent", counter(byName, "bzzz_auction_bids_sent"));
    auction.put("bids_received", counter(byName, "bzzz_auction_bids_received"));
    auction.put("bids_ignored", counter(byName, "bzzz_auction_bids_ignored"));
    o.put("utilisation", gauge(byName, "bzzz_utilisation"));
    ObjectNode peers = o.putObject("peer_utilisation");
    if (byName.get("bzzz_mesh_peer_utilisation") instanceof GaugeSnapshot g) {
      Map<String, Double> sorted = new TreeMap<>();
      g.getDataPoints().forEach(p -> sorted.put(p.getLabels().get("peer"), p.getValue()));
      sorted.forEach(peers::put);
    }
    o.put("load_variance", gauge(byName, "bzzz_mesh_load_variance"));
    o.put("hotspots", (long) gauge(byName, "bzzz_mesh_hotspots"));
    return o;
  }

  /** Every path's histogram added up, its cumulative buckets, and p50/p95 estimated from them. */
  private static void pickup(ObjectNode o, MetricSnapshot snapshot) {
    double[] bounds = new double[0];
    long[] counts = new long[0];
    long count = 0;
    double sum = 0;
    ObjectNode byPath = JSON.createObjectNode();
    for (String path : PATHS) {
      byPath.put(path, 0);
    }
    if (snapshot instanceof HistogramSnapshot h) {
      for (HistogramSnapshot.HistogramDataPointSnapshot p : h.getDataPoints()) {
        ClassicHistogramBuckets b = p.getClassicBuckets();
        if (bounds.length == 0) {
          bounds = new double[b.size()];
          counts = new long[b.size()];
          for (int i = 0; i < b.size(); i++) {
            bounds[i] = b.getUpperBound(i);
          }
        }
        for (int i = 0; i < Math.min(b.size(), counts.length); i++) {
          counts[i] += b.getCount(i); // per bucket, not cumulative, in the library's model
        }
        count += p.getCount();
        sum += p.getSum();
        byPath.put(p.getLabels().get("path"), p.getCount());
      }
    }
    o.put("count", count);
    o.put("sum_seconds", sum);
    putQuantile(o, "p50_seconds", quantile(0.5, bounds, counts, count));
    putQuantile(o, "p95_seconds", quantile(0.95, bounds, counts, count));
    o.set("by_path", byPath);
    ArrayNode buckets = o.putArray("buckets");
    long cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      cumulative += counts[i];
      if (Double.isFinite(bounds[i])) { // the +Inf bucket is count
        buckets.addObject().put("le", bounds[i]).put("count", cumulative);
      }
    }
  }

  private static void putQuantile(ObjectNode o, String field, double value) {
    if (Double.isNaN(value)) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }

  /**
   * Prometheus' {@code histogram_quantile}: linear within the bucket that holds the rank, the
   * highest finite bound when it falls into {@code +Inf}; NaN without observations.
   */
  static double quantile(double q, double[] bounds, long[] counts, long count) {
    if (count == 0 || bounds.length == 0) {
      return Double.NaN;
    }
    double rank = q * count;
    long below = 0;
    for (int i = 0; i < bounds.length; i++) {
      long here = counts[i];
      if (below + here >= rank && here > 0) {
        if (!Double.isFinite(bounds[i])) {
          return i > 0 ? bounds[i - 1] : 0;
        }
        double lower = i > 0 ? bounds[i - 1] : 0;
        return lower + (bounds[i] - lower) * (rank - below) / here;
      }
      below += here;
    }
    return bounds[bounds.length - 1];
  }

  private static long counter(Map<String, MetricSnapshot> byName, String name) {
    if (byName.get(name) instanceof CounterSnapshot c) {
      return (long) c.getDataPoints().stream().mapToDouble(p -> p.getValue()).sum();
    }
    return 0;
  }

  private static double gauge(Map<String, MetricSnapshot> byName, String name) {
    if (byName.get(name) instanceof GaugeSnapshot g && !g.getDataPoints().isEmpty()) {
      return g.getDataPoints().get(0).getValue();
    }
    return 0;
  }
}
