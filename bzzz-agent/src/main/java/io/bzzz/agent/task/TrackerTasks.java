package io.bzzz.agent.task;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.exec.TaskDetails;
import io.bzzz.tracker.BodyEdits;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.Task;
import java.util.List;
import java.util.Optional;

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
    return details(task, claim, trackerKind, List.of());
  }

  /**
   * @param comments the comments, read after the claim: where script approvals are
   */
  public static TaskDetails details(
      Task task, Claim claim, String trackerKind, List<Comment> comments) {
    Optional<List<String>> editors =
        switch (task.bodyEdits()) {
          case BodyEdits.Known known -> Optional.of(known.editors());
          case BodyEdits.Unknown unknown -> Optional.empty();
        };
    return new TaskDetails(
        trackerKind,
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

  public static TaskRef ref(Task task, String trackerKind) {
    return new TaskRef(trackerKind, task.repo().toString(), task.number());
  }
}
