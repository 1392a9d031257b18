package io.bzzz.agent.steal;

import io.bzzz.agent.coordination.TaskRef;
import java.util.List;
import java.util.function.Consumer;

/**
 * The last point before a claimed task's workspace is prepared: an overloaded agent holds the task
 * here and offers it to idle peers ({@link WorkStealing}); otherwise it passes at once.
 */
@FunctionalInterface
public interface StartGate {
  /** Every task starts at once (work stealing off). */
  StartGate OPEN = queued -> {};

  /**
   * Returns when the task may start on this agent.
   *
   * @throws io.bzzz.tracker.TrackerException.Superseded when a peer took the task over: it must not
   *     start here
   * @throws InterruptedException the agent is shutting down
   */
  void awaitStart(Queued queued) throws InterruptedException;

  /**
   * A claimed task not yet started.
   *
   * @param fence throws {@link io.bzzz.tracker.TrackerException.Superseded} when a later attempt
   *     exists (the tracker's claim fence)
   * @param status where the task's stage detail is shown (the task board)
   */
  record Queued(
      TaskRef task,
      int attempt,
      String branch,
      List<String> labels,
      Runnable fence,
      Consumer<String> status) {
    public Queued {
      labels = List.copyOf(labels);
    }
  }
}
