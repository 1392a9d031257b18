package io.bzzz.agent.runtime;

import io.bzzz.tracker.AgentIdentity;
import java.time.InstantSource;

/**
 * Reports a task this agent gives up on, wherever the decision is taken (the job after a failed
 * run, the help desk after the last unanswered round): through {@link Deliveries}, so the comment
 * and {@code bzzz-failed} reach the tracker even after an outage or a restart; the log, the board
 * and {@code task_failed} on the mesh follow once they did.
 */
final class TaskFailures {
  private final AgentIdentity me;
  private final Deliveries deliveries;
  private final InstantSource clock;

  TaskFailures(AgentIdentity me, Deliveries deliveries, InstantSource clock) {
    this.me = me;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  void report(HeldTask held, String reason) {
    deliveries.deliver(
        new PendingDelivery(
            held.ref(),
            held.task().title(),
            held.claim().branch(),
            held.claim().attempt(),
            me,
            new PendingDelivery.Result.Failed(reason),
            PendingDelivery.Steps.NONE,
            clock.instant()));
  }
}
