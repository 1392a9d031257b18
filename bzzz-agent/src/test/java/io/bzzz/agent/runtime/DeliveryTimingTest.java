package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.CoordinationListener;
import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.TaskRef;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryTimingTest {
  private static final String TOPIC = "bzzz/meta/v1";
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:01.250Z");

  @Test
  void eachMessageIsTimedFromItsStampAndPassedOn() {
    LatencyMetrics metrics = new LatencyMetrics();
    List<Envelope> passed = new ArrayList<>();
    CoordinationListener next =
        new CoordinationListener() {
          @Override
          public void onMessage(String topic, Envelope envelope) {
            passed.add(envelope);
          }
        };
    DeliveryTiming timing = new DeliveryTiming(next, metrics, InstantSource.fixed(NOW));
    Payload plan = new Payload.MetaDiscussion(new TaskRef("gitea", "o/r", 1), "plan", "text");

    timing.onMessage(TOPIC, Envelope.of("12D3KooWA", NOW.minusMillis(250), plan));
    timing.onMessage(TOPIC, Envelope.of("12D3KooWB", NOW.plusSeconds(3), plan)); // clock ahead

    assertThat(passed).hasSize(2);
    double[] h =
        MetricSnapshotsRead.histogram(
            metrics.snapshot(), "bzzz_gossip_delivery_seconds", Map.of("topic", TOPIC));
    assertThat(h[0]).isEqualTo(2);
    assertThat(h[1]).as("0.25 s, and 0 for the skewed one").isEqualTo(0.25);
  }
}
