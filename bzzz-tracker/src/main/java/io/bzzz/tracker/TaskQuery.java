package io.bzzz.tracker;

import java.util.List;
import java.util.Set;

/**
 * Which issues to list: open or closed, carrying every label in {@code withLabels} and none in
 * {@code withoutLabels}, never pull requests, at most {@code limit} of them.
 */
public record TaskQuery(
    TaskState state, List<String> withLabels, Set<String> withoutLabels, int limit) {

  public TaskQuery {
    withLabels = List.copyOf(withLabels);
    withoutLabels = Set.copyOf(withoutLabels);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
  }

  /**
   * Candidates: open {@code bzzz-task} issues that nobody has claimed, finished or failed. The
   * label is a hint; the claim branch is the truth, so a stale label costs one lost claim. An
   * escalated task waits for a human.
   */
  public static TaskQuery candidates(int limit) {
    return new TaskQuery(
        TaskState.OPEN,
        List.of(BzzzLabels.TASK),
        Set.of(BzzzLabels.CLAIMED, BzzzLabels.DONE, BzzzLabels.FAILED, BzzzLabels.ESCALATED),
        limit);
  }

  /** Claimed and still open: where the agent looks for dead owners. */
  public static TaskQuery claimed(int limit) {
    return new TaskQuery(
        TaskState.OPEN,
        List.of(BzzzLabels.TASK, BzzzLabels.CLAIMED),
        Set.of(BzzzLabels.DONE, BzzzLabels.FAILED, BzzzLabels.ESCALATED),
        limit);
  }

  /** Every open task, as {@code bzzz task list} shows them. */
  public static TaskQuery open(int limit) {
    return new TaskQuery(TaskState.OPEN, List.of(BzzzLabels.TASK), Set.of(), limit);
  }

  public boolean accepts(Task task) {
    return task.state() == state
        && withLabels.stream().allMatch(task::hasLabel)
        && withoutLabels.stream().noneMatch(task::hasLabel);
  }
}
