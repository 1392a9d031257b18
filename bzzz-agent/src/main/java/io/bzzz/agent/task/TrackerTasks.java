package io.bzzz.agent.task;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.exec.TaskDetails;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.Task;

/**
 * Translates the tracker's types into the agent's: what an executor sees of a task, and how the
 * mesh names it. The only place where both vocabularies meet.
 */
public final class TrackerTasks {
  private TrackerTasks() {}

  /**
   * @param trackerKind {@code github}, {@code gitea} or {@code local}, as the mesh names trackers
   *     ({@link Task#tracker()} is the tracker's URL)
   */
  public static TaskDetails details(Task task, Claim claim, String trackerKind) {
    return new TaskDetails(
        trackerKind,
        task.repo().toString(),
        task.number(),
        task.title(),
        task.body(),
        task.author(),
        task.labels(),
        task.url(),
        claim.branch());
  }

  public static TaskRef ref(Task task, String trackerKind) {
    return new TaskRef(trackerKind, task.repo().toString(), task.number());
  }
}
