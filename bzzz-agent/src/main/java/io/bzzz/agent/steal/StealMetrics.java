package io.bzzz.agent.steal;

import static io.bzzz.agent.schedule.MetricPoints.counter;
import static io.bzzz.agent.schedule.MetricPoints.gauge;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.Supplier;

/** Work stealing's counters and this agent's load for {@code /metrics}. */
public final class StealMetrics implements Supplier<MetricSnapshots> {
  private final WorkStealing stealing;

  public StealMetrics(WorkStealing stealing) {
    this.stealing = stealing;
  }

  @Override
  public MetricSnapshots get() {
    StealCounters.Snapshot c = stealing.counters();
    return MetricSnapshots.of(
        counter("bzzz_steal_offers_sent", "Unstarted tasks this agent offered.", c.offersSent()),
        counter("bzzz_steal_offers_received", "Offers heard from peers.", c.offersReceived()),
        counter(
            "bzzz_steal_offers_ignored",
            "Offers dropped: the sender not the offerer, or not a live peer.",
            c.offersIgnored()),
        counter("bzzz_steal_taken", "Offered tasks this agent took over.", c.taken()),
        counter(
            "bzzz_steal_refused",
            "Take-overs the claim ref refused (someone else was first).",
            c.refused()),
        counter(
            "bzzz_steal_given_away",
            "This agent's offered tasks that a peer took over.",
            c.givenAway()),
        gauge(
            "bzzz_steal_overloaded",
            "1 while the CPU has been above 0.8 for the sustain period.",
            stealing.overloaded() ? 1 : 0),
        gauge(
            "bzzz_cpu_load",
            "The machine's CPU load as work stealing last read it.",
            stealing.load().orElse(0.0)));
  }
}
