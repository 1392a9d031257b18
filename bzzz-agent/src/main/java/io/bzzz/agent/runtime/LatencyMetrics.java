package io.bzzz.agent.runtime;

import io.bzzz.agent.pickup.PickupMetrics;
import io.bzzz.tracker.http.CallObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * The agent's latency histograms and per-peer round-trip times, kept by the Prometheus client
 * library. Every label has a bounded set of values: HTTP method, route shape and status class; the
 * task's final stage; the subscribed topic; and the peer id of a live connection, whose series is
 * removed when the connection goes (see {@link PeerRtt}). The metrics are not registered in the
 * library's global registry: each agent has its own, read through {@link #snapshot}.
 */
public final class LatencyMetrics implements CallObserver {
  private final Histogram trackerCalls =
      Histogram.builder()
          .name("bzzz_tracker_request_duration_seconds")
          .help("Tracker API exchanges (each retry counts), by method, route shape and status.")
          .labelNames("method", "route", "status")
          .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
          .classicOnly()
          .withoutExemplars()
          .build();
  private final Histogram tasks =
      Histogram.builder()
          .name("bzzz_task_duration_seconds")
          .help("From a won claim to the task's final stage here, by that stage.")
          .labelNames("outcome")
          .classicUpperBounds(1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200)
          .classicOnly()
          .withoutExemplars()
          .build();
  private final Histogram delivery =
      Histogram.builder()
          .name("bzzz_gossip_delivery_seconds")
          .help("Envelope timestamp to receipt, by topic; across machines it includes clock skew.")
          .labelNames("topic")
          .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
          .classicOnly()
          .withoutExemplars()
          .build();
  private final Counter skewed =
      Counter.builder()
          .name("bzzz_gossip_delivery_skewed")
          .help("Messages stamped later than their receipt (sender's clock ahead), counted as 0 s.")
          .labelNames("topic")
          .withoutExemplars()
          .build();
  private final Gauge peerRtt =
      Gauge.builder()
          .name("bzzz_peer_rtt_seconds")
          .help("Last ping round-trip time to each connected peer.")
          .labelNames("peer")
          .withoutExemplars()
          .build();
  private final Histogram pings =
      Histogram.builder()
          .name("bzzz_ping_rtt_seconds")
          .help("Ping round-trip times to every connected peer.")
          .classicUpperBounds(
              0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
          .classicOnly()
          .withoutExemplars()
          .build();

  /** Push pickup's histogram and counters, shown with these. */
  private final PickupMetrics pickup = new PickupMetrics();

  public PickupMetrics pickup() {
    return pickup;
  }

  private final Counter rateLimited =
      Counter.builder()
          .name("bzzz_tracker_rate_limited")
          .help("Tracker answers that were a rate limit (403/429), by method and route shape.")
          .labelNames("method", "route")
          .withoutExemplars()
          .build();
  private final Counter rateLimitWait =
      Counter.builder()
          .name("bzzz_tracker_rate_limit_wait_seconds")
          .help("Seconds spent waiting for a tracker's rate limit before retrying.")
          .withoutExemplars()
          .build();
  private final Counter helpRounds =
      Counter.builder()
          .name("bzzz_help_rounds")
          .help("Help rounds of this agent's tasks: requested (each round), answered, escalated.")
          .labelNames("event")
          .withoutExemplars()
          .build();

  @Override
  public void rateLimited(String method, String route, Duration wait) {
    rateLimited.labelValues(method, route).inc();
    rateLimitWait.inc(seconds(wait));
  }

  /** A help-round event ({@link io.bzzz.agent.coordination.HelpRounds#REQUESTED} ...). */
  public void helpRound(String event) {
    helpRounds.labelValues(event).inc();
  }

  @Override
  public void exchanged(String method, String route, OptionalInt status, Duration elapsed) {
    String statusClass = status.isPresent() ? (status.getAsInt() / 100) + "xx" : "none";
    trackerCalls.labelValues(method, route, statusClass).observe(seconds(elapsed));
  }

  /**
   * A task reached a final stage.
   *
   * @param outcome the stage's name: completed, failed, handed_over, released, superseded
   */
  public void taskEnded(String outcome, Duration held) {
    tasks.labelValues(outcome).observe(seconds(held));
  }

  /**
   * A message stamped {@code sent} by its publisher (or last forwarder) arrived at {@code
   * received}. A negative difference can only be clock skew: it counts as 0 and is counted apart.
   */
  public void delivered(String topic, Instant sent, Instant received) {
    Duration d = Duration.between(sent, received);
    if (d.isNegative()) {
      skewed.labelValues(topic).inc();
      d = Duration.ZERO;
    }
    delivery.labelValues(topic).observe(seconds(d));
  }

  public void pinged(String peer, Duration rtt) {
    peerRtt.labelValues(peer).set(seconds(rtt));
    pings.observe(seconds(rtt));
  }

  /** The peer is gone (or stopped answering): its series goes with it. */
  public void forget(String peer) {
    peerRtt.remove(peer);
  }

  /** Adds metrics collected by another part (the auction's) to each {@link #snapshot}. */
  public void include(java.util.function.Supplier<MetricSnapshots> more) {
    extra.add(more);
  }

  public MetricSnapshots snapshot() {
    MetricSnapshots.Builder all =
        MetricSnapshots.builder()
            .metricSnapshot(trackerCalls.collect())
            .metricSnapshot(tasks.collect())
            .metricSnapshot(delivery.collect())
            .metricSnapshot(skewed.collect())
            .metricSnapshot(peerRtt.collect())
            .metricSnapshot(pings.collect())
            .metricSnapshot(rateLimited.collect())
            .metricSnapshot(rateLimitWait.collect())
            .metricSnapshot(helpRounds.collect());
    pickup.snapshot().forEach(all::metricSnapshot);
    for (java.util.function.Supplier<MetricSnapshots> more : extra) {
      more.get().forEach(all::metricSnapshot);
    }
    return all.build();
  }

  private final java.util.List<java.util.function.Supplier<MetricSnapshots>> extra =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9; // toNanos() would overflow on a wild timestamp
  }
}
