package io.bzzz.agent.discussion;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How plans are discussed.
 *
 * @param label tasks carrying it are discussed before work ({@code --discuss-label}, default {@code
 *     bzzz-discuss})
 * @param everyTask discuss every task, labelled or not ({@code --discuss-plans})
 * @param window how long members have to answer a round ({@code --discussion-window}, 5 s)
 * @param maxRounds rounds of objections before a human is asked (3)
 * @param quorum approvals that carry a plan despite objections (two thirds)
 * @param objectWhen this agent's own rules ({@code --object-when REGEX}, repeatable)
 * @param councilPlans discuss a council subtask among its council's members before a member runs it
 *     (on unless {@code --no-discuss-plans}; docs/councils.md)
 */
public record DiscussionSettings(
    String label,
    boolean everyTask,
    Duration window,
    int maxRounds,
    Quorum quorum,
    List<Pattern> objectWhen,
    boolean councilPlans) {

  public static final String DEFAULT_LABEL = "bzzz-discuss";
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);
  public static final int DEFAULT_ROUNDS = 3;

  public DiscussionSettings {
    objectWhen = List.copyOf(objectWhen);
    if (label.isBlank()) {
      throw new IllegalArgumentException("discussion label must not be blank");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("discussion window must be positive: " + window);
    }
    if (maxRounds < 1) {
      throw new IllegalArgumentException("discussion rounds must be positive: " + maxRounds);
    }
  }

  /** Settings with council subtasks discussed among their members (the default). */
  public DiscussionSettings(
      String label,
      boolean everyTask,
      Duration window,
      int maxRounds,
      Quorum quorum,
      List<Pattern> objectWhen) {
    this(label, everyTask, window, maxRounds, quorum, objectWhen, true);
  }

  public static DiscussionSettings defaults() {
    return new DiscussionSettings(
        DEFAULT_LABEL, false, DEFAULT_WINDOW, DEFAULT_ROUNDS, Quorum.TWO_THIRDS, List.of());
  }

  /** Whether a task with these labels is discussed before work. */
  public boolean discusses(List<String> labels) {
    return everyTask || labels.contains(label);
  }
}
