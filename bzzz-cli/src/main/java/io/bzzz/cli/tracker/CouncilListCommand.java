package io.bzzz.cli.tracker;

import io.bzzz.agent.council.BriefReader;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskQuery;
import io.bzzz.tracker.TaskState;
import io.bzzz.tracker.Tracker;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bzzz council list}: one JSON line per brief (open ones; {@code --all} for closed). */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "One JSON line per council of the repository: state and members.")
final class CouncilListCommand implements Callable<Integer> {
  @Mixin TrackerClientOptions tracker;

  @Option(names = "--all", description = "Delivered (closed) briefs too.")
  boolean all;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<String> lines =
        TaskOutput.run(
            () -> {
              try (Tracker t = tracker.open()) {
                List<String> out = new ArrayList<>();
                for (TaskState state :
                    all ? List.of(TaskState.OPEN, TaskState.CLOSED) : List.of(TaskState.OPEN)) {
                  for (Task brief :
                      t.listTasks(
                          new TaskQuery(state, List.of(BriefReader.ENTRYPOINT), Set.of(), 100))) {
                    out.add(CouncilOutput.council(t, brief, false).toString());
                  }
                }
                return out;
              }
            });
    PrintWriter out = spec.commandLine().getOut();
    lines.forEach(out::println);
    out.flush();
    return 0;
  }
}
