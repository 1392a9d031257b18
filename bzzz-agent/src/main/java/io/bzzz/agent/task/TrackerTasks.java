package io.bzzz.agent.task;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.exec.TaskDetails;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.client.TrackerKind;

/**
 * Translates the tracker's types into the agent's: what an executor sees of a task, and how the
 * mesh names it. The only place where both vocabularies meet.
 */
public final class TrackerTasks {
  private TrackerTasks() {}

  /**
   * How the mesh and executors name a tracker kind ({@link Task#tracker()} is the tracker's URL). A
   * new kind fails to compile here until it is given its name.
   */
  public static String meshName(TrackerKind kind) {
    return switch (kind) {
      case GITEA -> "gitea";
      case GITHUB -> "github";
    };
  }

  /** What an executor sees of a task claimed from a tracker of {@code kind}. */
  public static TaskDetails details(Task task, Claim claim, TrackerKind kind) {
    return new TaskDetails(
        meshName(kind),
        task.repo().toString(),
        task.number(),
        task.title(),
        task.body(),
        task.author(),
        task.labels(),
        task.url(),
        claim.branch());
  }

  /** How the mesh names a task from a tracker of {@code kind}. */
  public static TaskRef ref(Task task, TrackerKind kind) {
    return new TaskRef(meshName(kind), task.repo().toString(), task.number());
  }
}
