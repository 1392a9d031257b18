package io.bzzz.cli.tracker;

import io.bzzz.tracker.Tracker;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bzzz council show N}: the council of brief N, its members and its subtasks, as JSON. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "The council of brief N: state, members per role, subtasks (one JSON object).")
final class CouncilShowCommand implements Callable<Integer> {
  @Mixin TrackerClientOptions tracker;

  @Parameters(paramLabel = "N", description = "The brief's issue number (the council id).")
  int number;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    String shown =
        TaskOutput.run(
            () -> {
              try (Tracker t = tracker.open()) {
                return CouncilOutput.council(t, t.task(number), true).toPrettyString();
              }
            });
    PrintWriter out = spec.commandLine().getOut();
    out.println(shown);
    out.flush();
    return 0;
  }
}
