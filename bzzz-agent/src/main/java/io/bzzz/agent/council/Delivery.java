package io.bzzz.agent.council;

import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskState;
import io.bzzz.tracker.Tracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end of a council: when every subtask is done, the brief gets a summary (tasks, pull requests,
 * members, time) and is closed. Reads only the tracker, so a lead that took over finishes it.
 */
public final class Delivery {
  private static final Pattern PULL = Pattern.compile("https?://\\S+/pulls?/(\\d{1,10})");

  private Delivery() {}

  public static boolean isDone(Task t) {
    return t.state() == TaskState.CLOSED || t.hasLabel(BzzzLabels.DONE);
  }

  /** Whether the plan's subtasks exist and every one is done. */
  public static boolean complete(Collection<Task> subtasks) {
    return !subtasks.isEmpty() && subtasks.stream().allMatch(Delivery::isDone);
  }

  /** The summary comment's text. */
  public static String summary(
      Tracker tracker,
      CouncilSpec spec,
      Collection<Task> subtasks,
      Map<String, Seat> members,
      Optional<Duration> took) {
    StringBuilder s = new StringBuilder("**Council ").append(spec.id()).append(" delivered** ");
    s.append(spec.project()).append("\n\n| subtask | title | pull request |\n|---|---|---|\n");
    List<Task> sorted = new ArrayList<>(subtasks);
    sorted.sort(java.util.Comparator.comparingInt(Task::number));
    for (Task t : sorted) {
      s.append("| #").append(t.number()).append(" | ").append(t.title().replace("|", "\\|"));
      s.append(" | ").append(pullOf(tracker, t).orElse("-")).append(" |\n");
    }
    s.append("\nMembers:\n");
    members.values().stream()
        .sorted(java.util.Comparator.comparing(Seat::role))
        .forEach(
            m ->
                s.append("- ")
                    .append(m.role())
                    .append(": ")
                    .append(m.holder().name())
                    .append(m.peerId().map(p -> " (`" + p + "`)").orElse(""))
                    .append('\n'));
    took.ifPresent(
        d -> s.append("\nTime from brief to delivery: ").append(d.toSeconds()).append(" s\n"));
    return s.toString();
  }

  /** The pull request a subtask's comments link to, if any. */
  static Optional<String> pullOf(Tracker tracker, Task t) {
    for (Comment c : tracker.comments(t.number())) {
      Matcher m = PULL.matcher(c.body());
      if (m.find()) {
        return Optional.of("#" + m.group(1));
      }
    }
    return Optional.empty();
  }
}
