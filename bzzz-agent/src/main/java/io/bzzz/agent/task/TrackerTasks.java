package io.bzzz.agent.task;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.exec.TaskDetails;
import io.bzzz.tracker.BodyEdits;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.client.TrackerKind;
import java.util.List;
import java.util.Optional;

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
    return details(task, claim, kind, List.of());
  }

  /**
   * @param comments the comments, read after the claim: where script approvals are
   */
  public static TaskDetails details(
      Task task, Claim claim, TrackerKind kind, List<Comment> comments) {
    Optional<List<String>> editors =
        switch (task.bodyEdits()) {
          case BodyEdits.Known known -> Optional.of(known.editors());
          case BodyEdits.Unknown unknown -> Optional.empty();
        };
    return new TaskDetails(
        meshName(kind),
        task.repo().toString(),
        task.number(),
        task.title(),
        task.body(),
        task.author(),
        task.labels(),
        task.url(),
        claim.branch(),
        editors,
        comments.stream()
            .map(c -> new TaskDetails.TaskComment(c.author(), c.body(), c.edited()))
            .toList());
  }

  /** How the mesh names a task from a tracker of {@code kind}. */
  public static TaskRef ref(Task task, TrackerKind kind) {
    return new TaskRef(meshName(kind), task.repo().toString(), task.number());
  }
}
