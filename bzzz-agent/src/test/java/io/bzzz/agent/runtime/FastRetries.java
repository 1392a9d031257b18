package io.bzzz.agent.runtime;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.tracker.http.HttpPolicy;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.UnaryOperator;

/**
 * In-process agents for tests that take the tracker away: the same retry rules as in production
 * (five tries per request, then the pending delivery), only faster, so that an outage outlasts a
 * request's retry budget after about a second instead of the default fifteen.
 */
final class FastRetries {
  /** Pending deliveries: 200 ms doubling to 1 s (default 1 s to 60 s). */
  static final DeliveryBackoff DELIVERY =
      new DeliveryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1));

  /** Tracker calls: 100 ms doubling to 400 ms between tries (default 1 s to 60 s). */
  static final UnaryOperator<HttpPolicy> HTTP =
      p -> p.withBackoff(Duration.ofMillis(100), Duration.ofMillis(400));

  private FastRetries() {}

  /** An agent like {@link Agent#create}'s, with the fast retries. */
  static Agent agent(AgentConfig config) throws IOException {
    return AgentAssembly.assemble(config, "test", InstantSource.system(), DELIVERY, HTTP);
  }
}
