package io.bzzz.cli.tracker;

import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskQuery;
import io.bzzz.tracker.Tracker;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Prints one line per open bzzz-task issue: number, state, labels, title.")
final class TaskListCommand implements Callable<Integer> {
  @Mixin TrackerClientOptions tracker;

  @Option(names = "--json", description = "One JSON object per line.")
  boolean json;

  @Option(names = "--candidates", description = "Only tasks nobody has claimed yet.")
  boolean candidates;

  @Option(names = "--limit", defaultValue = "1000", description = "At most N tasks.")
  int limit;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    TaskQuery query = candidates ? TaskQuery.candidates(limit) : TaskQuery.open(limit);
    List<Task> tasks =
        TaskOutput.run(
            () -> {
              try (Tracker t = tracker.open()) {
                return t.listTasks(query);
              }
            });
    PrintWriter out = spec.commandLine().getOut();
    for (Task task : tasks) {
      out.println(
          json
              ? TaskOutput.json(task)
              : task.number()
                  + "\t"
                  + TaskOutput.state(task)
                  + "\t"
                  + String.join(",", task.labels())
                  + "\t"
                  + task.title());
    }
    out.flush();
    return 0;
  }
}
