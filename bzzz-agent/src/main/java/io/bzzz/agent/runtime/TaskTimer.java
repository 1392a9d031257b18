package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Times each task from its claim to its final stage on the {@link TaskBoard}, using the board's own
 * timestamps (its injected clock), and puts the time into {@link LatencyMetrics} by that stage. Fed
 * every board change; holds one instant per task in hand, dropped when the task ends.
 */
final class TaskTimer implements Consumer<TaskBoard.Entry> {
  private final LatencyMetrics metrics;
  private final Map<TaskRef, Instant> claimed = new ConcurrentHashMap<>();

  TaskTimer(LatencyMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void accept(TaskBoard.Entry e) {
    if (e.stage() == TaskBoard.Stage.CLAIMED) {
      claimed.put(e.task(), e.updated());
    } else if (e.stage().terminal()) {
      Instant start = claimed.remove(e.task());
      if (start != null) {
        metrics.taskEnded(
            e.stage().name().toLowerCase(Locale.ROOT), Duration.between(start, e.updated()));
      }
    }
  }
}
