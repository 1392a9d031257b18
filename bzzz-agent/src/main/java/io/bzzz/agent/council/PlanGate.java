package io.bzzz.agent.council;

import io.bzzz.tracker.Task;

/**
 * Asked before a council member starts a council subtask: may the work go ahead? The default
 * approves at once; {@link DiscussedPlanGate} holds the meta-discussion (plans, objections, votes,
 * escalation) among the council's members. Called on the task's worker thread, so an implementation
 * may block while the discussion runs.
 */
@FunctionalInterface
public interface PlanGate {
  /** The answer: go ahead, or do not run the task now (the gate reports why, where it must). */
  sealed interface Verdict {}

  record Approved() implements Verdict {}

  record Withheld(String reason) implements Verdict {}

  /**
   * The members objected through every round: the task is not run and a human is asked (the caller
   * reports it to the tracker, as for any escalated plan).
   */
  record Escalated(io.bzzz.agent.discussion.PlanDiscussion.Outcome outcome) implements Verdict {}

  Verdict approve(Task task, CouncilView council);

  static PlanGate approveAll() {
    return (task, council) -> new Approved();
  }
}
