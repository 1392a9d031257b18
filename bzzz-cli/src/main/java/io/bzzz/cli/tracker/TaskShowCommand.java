package io.bzzz.cli.tracker;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Prints one task: title, state, labels, assignees, its claim and its body.")
final class TaskShowCommand implements Callable<Integer> {
  @Mixin TrackerClientOptions tracker;

  @Parameters(paramLabel = "N", description = "Issue number.")
  int number;

  @Option(names = "--json", description = "One JSON object.")
  boolean json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private record Shown(Task task, Optional<Claim> claim) {}

  @Override
  public Integer call() {
    Shown shown =
        TaskOutput.run(
            () -> {
              try (Tracker t = tracker.open()) {
                Task task = t.task(number);
                return new Shown(task, t.currentClaim(number));
              }
            });
    PrintWriter out = spec.commandLine().getOut();
    Task task = shown.task();
    if (json) {
      out.println(TaskOutput.json(task));
    } else {
      out.println("#" + task.number() + " " + task.title());
      out.println("state:     " + TaskOutput.state(task));
      out.println("labels:    " + String.join(", ", task.labels()));
      out.println("assignees: " + String.join(", ", task.assignees()));
      out.println("author:    " + task.author());
      out.println(
          "claim:     "
              + shown
                  .claim()
                  .map(
                      c ->
                          c.branch()
                              + " (attempt "
                              + c.attempt()
                              + ", "
                              + c.owner().map(AgentIdentity::name).orElse("owner unknown")
                              + ")")
                  .orElse("none"));
      out.println("url:       " + task.url());
      out.println();
      out.println(task.body());
    }
    out.flush();
    return 0;
  }
}
