package io.bzzz.tracker;

import java.util.List;

/** The labels Bzzz relies on, and the standard set it creates beside them, with their colours. */
public final class BzzzLabels {
  public static final String TASK = "bzzz-task";
  public static final String CLAIMED = "bzzz-claimed";
  public static final String DONE = "bzzz-done";
  public static final String FAILED = "bzzz-failed";

  /** A plan discussion could not agree: a human decides (docs/discussion.md). */
  public static final String ESCALATED = "bzzz-escalated";

  /**
   * The review loop reached its round limit on a pull request: a human decides (docs/review.md).
   */
  public static final String NEEDS_HUMAN = "bzzz-needs-human";

  /** The task's pull request was merged: the task has ended for good. */
  public static final String MERGED = "bzzz-merged";

  /** A label to create when missing: name and colour as six hex digits. */
  public record LabelSpec(String name, String color) {}

  public static final List<LabelSpec> ALL =
      List.of(
          new LabelSpec(TASK, "fbca04"),
          new LabelSpec(CLAIMED, "1d76db"),
          new LabelSpec(DONE, "0e8a16"),
          new LabelSpec(FAILED, "b60205"),
          new LabelSpec(ESCALATED, "d93f0b"),
          new LabelSpec("bug", "d73a4a"),
          new LabelSpec("enhancement", "a2eeef"),
          new LabelSpec("question", "d876e3"),
          new LabelSpec("help wanted", "008672"),
          new LabelSpec("duplicate", "cfd3d7"),
          new LabelSpec("invalid", "e4e669"),
          new LabelSpec("wontfix", "ffffff"),
          new LabelSpec("chorus-entrypoint", "5319e7"),
          new LabelSpec(NEEDS_HUMAN, "d93f0b"),
          new LabelSpec(MERGED, "6f42c1"));

  private BzzzLabels() {}
}
