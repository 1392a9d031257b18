package io.bzzz.agent.council;

import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskQuery;
import io.bzzz.tracker.TaskState;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.claim.MarkerAuthors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files a council's plan as follow-up issues, dependencies first: each labelled {@code bzzz-task},
 * {@code council:<id>} and its role's {@code needs:} labels, with one {@code Depends on #n} line
 * per dependency. Idempotent: every subtask body ends with a marker naming its council and key, and
 * a subtask whose marker is already on the tracker is not filed again (a restarted or replaced lead
 * files only what is missing).
 */
public final class PlanFiler {
  public static final String COUNCIL_LABEL = "council:";
  private static final Pattern MARKER =
      Pattern.compile("<!-- bzzz-subtask council=(\\d{1,10}) key=([a-z0-9_-]{1,40}) -->");

  private PlanFiler() {}

  public static String label(int council) {
    return COUNCIL_LABEL + council;
  }

  /** Every issue of the council, open or closed, by plan key where it carries a marker. */
  public static Map<String, Task> filed(Tracker tracker, int council) {
    // a subtask marker counts only in an issue the agents' user filed: anyone else's is "#n"
    java.util.function.Predicate<String> own = MarkerAuthors.user(tracker.login());
    Map<String, Task> out = new LinkedHashMap<>();
    for (TaskState state : List.of(TaskState.OPEN, TaskState.CLOSED)) {
      for (Task t :
          tracker.listTasks(new TaskQuery(state, List.of(label(council)), Set.of(), 200))) {
        Matcher m = MARKER.matcher(t.body());
        String key =
            own.test(t.author()) && m.find() && Long.parseLong(m.group(1)) == council
                ? m.group(2)
                : "#" + t.number();
        out.putIfAbsent(key, t);
      }
    }
    return out;
  }

  /** Files what is missing of {@code plan}; returns the subtasks' issue numbers by key. */
  public static Map<String, Integer> file(
      Tracker tracker, CouncilSpec spec, List<PlanBlock.Subtask> plan, RoleBook book) {
    Map<String, Integer> numbers = new HashMap<>();
    filed(tracker, spec.brief()).forEach((k, t) -> numbers.put(k, t.number()));
    ensureLabels(tracker, spec, plan.stream().map(PlanBlock.Subtask::role).toList(), book);
    Map<String, Integer> out = new LinkedHashMap<>();
    for (PlanBlock.Subtask s : plan) { // dependencies come first in the plan's order
      Integer known = numbers.get(s.key());
      out.put(s.key(), known != null ? known : fileOne(tracker, spec, s, book, out));
    }
    return out;
  }

  /** The council's label and the {@code needs:} labels of {@code roles}, created where missing. */
  static void ensureLabels(
      Tracker tracker, CouncilSpec spec, Collection<String> roles, RoleBook book) {
    String council = label(spec.brief());
    Set<String> labels = new LinkedHashSet<>();
    labels.add(council);
    roles.forEach(r -> labels.addAll(book.needsLabels(r)));
    for (String l : labels) {
      tracker.ensureLabel(l, l.equals(council) ? "5319e7" : "c5def5");
    }
  }

  /**
   * Files one subtask (its labels exist already): {@code bzzz-task}, the council's label and the
   * role's needs, a {@code Depends on #n} line for each dependency (whose numbers {@code numbers}
   * holds by key) and the marker that makes filing it again a no-op.
   */
  static int fileOne(
      Tracker tracker,
      CouncilSpec spec,
      PlanBlock.Subtask s,
      RoleBook book,
      Map<String, Integer> numbers) {
    List<String> issueLabels = new ArrayList<>(List.of(BzzzLabels.TASK, label(spec.brief())));
    issueLabels.addAll(book.needsLabels(s.role()));
    return tracker.createTask(new NewTask(s.title(), body(spec, s, numbers), issueLabels)).number();
  }

  static String body(CouncilSpec spec, PlanBlock.Subtask s, Map<String, Integer> numbers) {
    StringBuilder b = new StringBuilder(s.body().strip()).append("\n\n---\n");
    b.append("Council ").append(spec.brief()).append(" (brief #").append(spec.brief());
    b.append("), role **").append(s.role()).append("**.\n");
    for (String dep : s.dependsOn()) {
      b.append("\nDepends on #").append(numbers.get(dep));
    }
    b.append("\n\n<!-- bzzz-subtask council=").append(spec.brief());
    b.append(" key=").append(s.key()).append(" -->\n");
    return b.toString();
  }

  /** The key of a subtask from its body's marker. */
  public static Optional<String> key(Task t) {
    Matcher m = MARKER.matcher(t.body());
    return m.find() ? Optional.of(m.group(2)) : Optional.empty();
  }
}
