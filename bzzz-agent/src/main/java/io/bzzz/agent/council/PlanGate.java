package io.bzzz.agent.council;

import io.bzzz.tracker.Task;

/**
 * Asked before a council member starts a council subtask: may the work go ahead? The default
 * approves at once; the meta-discussion (plans, objections, votes, escalation) plugs in here.
 * Called on the task's worker thread, so an implementation may block while the discussion runs.
 */
@FunctionalInterface
public interface PlanGate {
  /** The answer: go ahead, or do not run the task now (the gate reports why, where it must). */
  sealed interface Verdict {}

  record Approved() implements Verdict {}

  record Withheld(String reason) implements Verdict {}

  Verdict approve(Task task, CouncilView council);

  static PlanGate approveAll() {
    return (task, council) -> new Approved();
  }
}
