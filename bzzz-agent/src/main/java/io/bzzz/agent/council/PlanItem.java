package io.bzzz.agent.council;

import io.bzzz.agent.task.Dependencies;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskState;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One subtask of a council's plan as the API shows it: its issue, the role it is for, the issues it
 * depends on and where it stands. Built from issues the engine read anyway (the lead's delivery
 * check), so answering the API costs no tracker call.
 *
 * @param role the council role named in the body {@link PlanFiler} wrote, empty when there is none
 *     or it is not a role of the council
 * @param state {@code open}, {@code claimed}, {@code done}, {@code failed}, {@code escalated} or
 *     {@code closed} (closed without a Bzzz outcome label)
 */
public record PlanItem(
    int number, String title, String role, List<Integer> dependsOn, String state) {
  private static final Pattern ROLE = Pattern.compile("role \\*\\*([^*\\n]{1,40})\\*\\*");

  public PlanItem {
    dependsOn = List.copyOf(dependsOn);
  }

  /** The plan of {@code spec} from its subtask issues, by issue number. */
  static List<PlanItem> of(CouncilSpec spec, Collection<Task> subtasks) {
    return subtasks.stream()
        .map(t -> of(spec, t))
        .sorted(Comparator.comparingInt(PlanItem::number))
        .toList();
  }

  static PlanItem of(CouncilSpec spec, Task t) {
    Matcher m = ROLE.matcher(t.body());
    String role = "";
    while (m.find()) {
      if (spec.roles().contains(m.group(1))) {
        role = m.group(1); // the last one: PlanFiler writes it after the subtask's own text
      }
    }
    return new PlanItem(t.number(), t.title(), role, Dependencies.of(t.body()), state(t));
  }

  static String state(Task t) {
    if (t.hasLabel(BzzzLabels.DONE) || t.hasLabel(BzzzLabels.MERGED)) {
      return "done";
    }
    if (t.hasLabel(BzzzLabels.FAILED)) {
      return "failed";
    }
    if (t.hasLabel(BzzzLabels.ESCALATED)) {
      return "escalated";
    }
    if (t.state() == TaskState.CLOSED) {
      return "closed";
    }
    return t.hasLabel(BzzzLabels.CLAIMED) ? "claimed" : "open";
  }
}
