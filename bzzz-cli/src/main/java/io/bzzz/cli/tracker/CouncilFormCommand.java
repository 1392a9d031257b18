package io.bzzz.cli.tracker;

import io.bzzz.agent.council.BriefReader;
import io.bzzz.agent.council.CouncilSpec;
import io.bzzz.agent.council.RoleBook;
import io.bzzz.cli.common.CliFailure;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bzzz council form --issue N}: makes issue N a brief by labelling it {@code
 * chorus-entrypoint}, after checking that its roles and plan read; the agents watching the
 * repository do the rest. Prints {@code {"council_id","repository","brief"}}.
 */
@Command(
    name = "form",
    mixinStandardHelpOptions = true,
    description = "Label issue N chorus-entrypoint so that the agents form a council around it.")
final class CouncilFormCommand implements Callable<Integer> {
  @Mixin TrackerClientOptions tracker;

  @Option(names = "--issue", paramLabel = "N", required = true, description = "The brief.")
  int issue;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CouncilSpec council =
        TaskOutput.run(
            () -> {
              try (Tracker t = tracker.open()) {
                Task brief = t.task(issue);
                CouncilSpec s;
                try {
                  s = BriefReader.spec(brief, RoleBook.embedded(), Duration.ofSeconds(60));
                } catch (IllegalArgumentException e) {
                  throw new CliFailure(
                      "issue #" + issue + " cannot be a brief: " + e.getMessage(), 2);
                }
                t.ensureLabels();
                t.relabel(issue, List.of(BriefReader.ENTRYPOINT), List.of());
                return s;
              }
            });
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "{\"council_id\":\"%d\",\"repository\":\"%s\",\"brief\":%d,\"core_roles\":%s}%n",
        council.brief(),
        council.repository(),
        council.brief(),
        CouncilOutput.names(council.core()));
    out.flush();
    return 0;
  }
}
