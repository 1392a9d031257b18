package io.bzzz.cli.tracker;

import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = "Files an issue labelled bzzz-task and prints its number.")
final class TaskAddCommand implements Callable<Integer> {
  @Mixin TrackerClientOptions tracker;

  @Option(names = "--title", required = true, description = "Issue title.")
  String title;

  @Option(names = "--body", defaultValue = "", description = "Issue body (Markdown).")
  String body;

  @Option(names = "--label", paramLabel = "L", description = "Extra label (repeatable).")
  List<String> labels = new ArrayList<>();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<String> all = new ArrayList<>(List.of(BzzzLabels.TASK));
    labels.stream().filter(l -> !l.equalsIgnoreCase(BzzzLabels.TASK)).forEach(all::add);
    Task task =
        TaskOutput.run(
            () -> {
              try (Tracker t = tracker.open()) {
                return t.createTask(new NewTask(title, body, all));
              }
            });
    spec.commandLine().getOut().println(task.number());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
