package io.bzzz.cli.agent;

import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's sample tasks: script tasks any agent can do, one that needs a capability only the last
 * agent has, and one that no agent can do, which ends in {@code bzzz-failed} after its help rounds.
 */
final class DemoScenario {
  /** The capability only the last demo agent is given. */
  static final String RARE_CAPABILITY = "demo-gpu";

  /** A capability no demo agent has. */
  static final String IMPOSSIBLE_CAPABILITY = "quantum-computer";

  private DemoScenario() {}

  /** {@code scriptTasks} plain script tasks, then the rare and the impossible one. */
  static List<NewTask> tasks(int scriptTasks) {
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 1; i <= scriptTasks; i++) {
      tasks.add(scriptTask("Write note " + i, "notes/note-" + i + ".txt", "note " + i));
    }
    tasks.add(
        new NewTask(
            "Render the GPU report",
            "Needs the "
                + RARE_CAPABILITY
                + " capability, which one agent has.\n\n"
                + script("reports/gpu.txt", "rendered on a GPU agent"),
            List.of(BzzzLabels.TASK, "needs:" + RARE_CAPABILITY)));
    tasks.add(
        new NewTask(
            "Factor a 4096-bit number",
            "Needs a capability no agent in the demo has; it should end in bzzz-failed after"
                + " three unanswered help rounds.\n\n"
                + script("factors.txt", "impossible"),
            List.of(BzzzLabels.TASK, "needs:" + IMPOSSIBLE_CAPABILITY)));
    return tasks;
  }

  static NewTask scriptTask(String title, String file, String text) {
    return new NewTask(title, "A sample task.\n\n" + script(file, text), List.of(BzzzLabels.TASK));
  }

  private static String script(String file, String text) {
    String dir = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : ".";
    return "```bzzz-script\nmkdir -p "
        + dir
        + "\nprintf '%s\\n' '"
        + text
        + "' > "
        + file
        + "\necho wrote "
        + file
        + "\n```\n";
  }
}
