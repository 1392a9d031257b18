package io.bzzz.agent.task;

import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;

/**
 * Whether an open, unclaimed task may be claimed by this agent now, beyond its labels: its
 * dependencies are done, it is not reserved for others for a while. Asked by the task loop for each
 * candidate before it claims.
 */
@FunctionalInterface
public interface CandidateGate {
  boolean admits(Tracker tracker, Task task);

  static CandidateGate all() {
    return (tracker, task) -> true;
  }

  default CandidateGate and(CandidateGate other) {
    return (tracker, task) -> admits(tracker, task) && other.admits(tracker, task);
  }
}
