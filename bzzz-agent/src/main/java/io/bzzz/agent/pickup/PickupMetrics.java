package io.bzzz.agent.pickup;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.Locale;

/**
 * Push pickup on {@code /metrics}: how long tasks waited to be claimed here, by how this agent
 * learned of them, and what became of webhooks and hints. Every label has a few fixed values.
 */
public final class PickupMetrics {
  /** How a claimed task was found. */
  public enum Path {
    WEBHOOK,
    MESH,
    POLL;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Path of(TaskHint.Origin origin) {
      return switch (origin) {
        case WEBHOOK -> WEBHOOK;
        case MESH -> MESH;
        case POLL -> POLL;
      };
    }
  }

  private final Histogram pickup =
      Histogram.builder()
          .name("bzzz_task_pickup_seconds")
          .help(
              "From the issue's created_at (whole seconds on Gitea) to this agent's won claim,"
                  + " by how it found the task: webhook, mesh (a peer's task_available) or poll.")
          .labelNames("path")
          .classicUpperBounds(0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600)
          .classicOnly()
          .withoutExemplars()
          .build();
  private final Counter webhooks =
      Counter.builder()
          .name("bzzz_webhook_deliveries")
          .help("Webhook deliveries received, by tracker and result (accepted or why not).")
          .labelNames("source", "result")
          .withoutExemplars()
          .build();
  private final Counter hints =
      Counter.builder()
          .name("bzzz_task_hints")
          .help("Task hints (own webhooks, peers' task_available), by origin and verdict.")
          .labelNames("origin", "verdict")
          .withoutExemplars()
          .build();

  void webhook(WebhookSource source, String result) {
    webhooks.labelValues(source.path(), result).inc();
  }

  void hint(TaskHint.Origin origin, PollHints.Verdict verdict) {
    hints.labelValues(origin.label(), verdict.label()).inc();
  }

  /** A claim won {@code waited} after the issue was opened. */
  public void pickedUp(Path path, Duration waited) {
    double s = Math.max(0, waited.getSeconds() + waited.getNano() / 1e9);
    pickup.labelValues(path.label()).observe(s);
  }

  public MetricSnapshots snapshot() {
    return MetricSnapshots.of(pickup.collect(), webhooks.collect(), hints.collect());
  }
}
