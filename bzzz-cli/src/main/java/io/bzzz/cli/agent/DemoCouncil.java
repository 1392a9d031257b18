package io.bzzz.cli.agent;

import io.bzzz.agent.council.BriefReader;
import io.bzzz.agent.council.CouncilLedger;
import io.bzzz.agent.council.CouncilState;
import io.bzzz.agent.council.PlanFiler;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskState;
import io.bzzz.tracker.Tracker;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code bzzz demo --scenario council}: a brief with a council of three roles and a plan of five
 * script subtasks in two dependency levels; one agent per role (more agents share the roles'
 * capabilities in turn). The reader's first plan meets an objection from the other members (a
 * {@code bzzz-objection} block in its body), so the discussion sends it back once and approves the
 * revision. Prints the council's state changes and each subtask's; with {@code --exit-when-done}, a
 * summary once the brief is closed, with the plan discussions from the agents' signed logs.
 */
final class DemoCouncil {
  static final List<String> ROLES = List.of("architect", "coder", "tester");

  /** The reason the members give against the reader's first plan. */
  static final String OBJECTION = "say how the reader is checked against the design's format";

  private DemoCouncil() {}

  /** The capability that lets demo agent {@code i} (from 1) hold a role. */
  static String capability(int i) {
    return ROLES.get((i - 1) % ROLES.size());
  }

  static NewTask brief() {
    StringBuilder plan = new StringBuilder("```bzzz-plan\n");
    plan.append(subtask("design", "Design the notes format", "architect", List.of()));
    plan.append(subtask("writer", "Write the notes writer", "coder", List.of("design")));
    plan.append(
        subtask(
            "reader",
            "Write the notes reader",
            "coder",
            List.of("design"),
            // the members other than the taker object to the first plan only (two of three, so
            // the objection is not outvoted); the revised plan passes in round 2
            "\n    ```bzzz-objection\n    * 1 " + OBJECTION + "\n    ```\n"));
    plan.append(subtask("test-writer", "Test the writer", "tester", List.of("writer")));
    plan.append(subtask("test-reader", "Test the reader", "tester", List.of("reader")));
    plan.append("```\n");
    return new NewTask(
        "Notes service",
        "A small project for a council: an architect designs, coders build, testers check.\n\n"
            + "```bzzz-council\ncore: [architect, coder, tester]\nlead: architect\n```\n\n"
            + plan,
        List.of(BriefReader.ENTRYPOINT));
  }

  private static String subtask(String key, String title, String role, List<String> deps) {
    return subtask(key, title, role, deps, "");
  }

  private static String subtask(
      String key, String title, String role, List<String> deps, String more) {
    return "- key: "
        + key
        + "\n  title: "
        + title
        + "\n  role: "
        + role
        + "\n  depends_on: ["
        + String.join(", ", deps)
        + "]\n  body: |\n    "
        + title
        + ".\n\n    ~~~bzzz-script\n    mkdir -p council\n    printf '%s\\n' '"
        + key
        + " done' > council/"
        + key
        + ".txt\n    echo wrote council/"
        + key
        + ".txt\n    ~~~\n"
        + more;
  }

  /**
   * One line per change; returns the exit code. Once delivered (with {@code exitWhenDone}), prints
   * the lines {@code afterDelivery} gives for the subtasks (number → title) after the summary.
   */
  static int watch(
      Tracker client,
      int brief,
      PrintWriter out,
      boolean exitWhenDone,
      Duration timeout,
      Function<Map<Integer, String>, List<String>> afterDelivery)
      throws InterruptedException {
    Map<String, String> shown = new HashMap<>();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      try {
        CouncilLedger.View v = CouncilLedger.read(client, brief);
        String council =
            v.state().map(CouncilState::wireName).orElse("waiting for a convener")
                + " "
                + new TreeMap<>(v.members())
                    .entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().holder().name())
                        .toList();
        show(out, shown, "council", String.format("council #%-3d %s", brief, council));
        Map<String, Task> subtasks = PlanFiler.filed(client, brief);
        for (Map.Entry<String, Task> e : subtasks.entrySet()) {
          Task t = e.getValue();
          show(
              out,
              shown,
              e.getKey(),
              String.format("task #%-3d %-28s %s", t.number(), t.title(), state(t)));
        }
        if (exitWhenDone && client.task(brief).state() == TaskState.CLOSED) {
          long done = subtasks.values().stream().filter(t -> t.hasLabel(BzzzLabels.DONE)).count();
          out.printf(
              "summary: council %d delivered in %d s: %d subtasks, %d done; members %s%n",
              brief,
              Duration.ofNanos(System.nanoTime() - start).toSeconds(),
              subtasks.size(),
              done,
              new TreeMap<>(v.members())
                  .entrySet().stream()
                      .map(e -> e.getKey() + "=" + e.getValue().holder().name())
                      .toList());
          out.flush();
          Map<Integer, String> titles = new TreeMap<>();
          subtasks.values().forEach(t -> titles.put(t.number(), t.title()));
          afterDelivery.apply(titles).forEach(out::println);
          out.flush();
          return done == subtasks.size() ? 0 : 1;
        }
      } catch (RuntimeException e) {
        out.println("tracker not answering: " + e.getMessage());
        out.flush();
      }
      if (exitWhenDone && System.nanoTime() > deadline) {
        out.println("summary: timed out before the council delivered");
        out.flush();
        return 1;
      }
      Thread.sleep(1000); // progress refresh period
    }
  }

  private static void show(PrintWriter out, Map<String, String> shown, String key, String line) {
    if (!line.equals(shown.get(key))) {
      shown.put(key, line);
      out.println(line);
      out.flush();
    }
  }

  private static String state(Task t) {
    if (t.hasLabel(BzzzLabels.DONE)) {
      return "done";
    }
    if (t.hasLabel(BzzzLabels.FAILED)) {
      return "failed";
    }
    if (t.hasLabel(BzzzLabels.CLAIMED)) {
      return "claimed";
    }
    return t.state() == TaskState.CLOSED ? "closed" : "open";
  }
}
