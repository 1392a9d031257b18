package io.bzzz.cli.log;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.log.LogRepair;
import io.bzzz.log.storage.StorageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description = {
      "Bring a damaged log back to its newest signed head; prints what it drops.",
      "Drops only bytes no head can have covered; refuses (exit 1, nothing changed) when signed",
      "blocks are lost, since appending would then fork the log. --dry-run changes nothing."
    })
final class LogRepairCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", paramLabel = "D", required = true, description = "Log directory.")
  Path dir;

  @Option(names = "--dry-run", description = "Report what would be dropped; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    LogDirs.requireLog(dir);
    LogRepair.Report report;
    try {
      report = LogRepair.run(dir, dryRun);
    } catch (StorageException e) {
      throw new CliFailure(dir + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    report.findings().forEach(f -> out.println("found: " + f));
    if (report.refusal().isPresent()) {
      out.flush();
      throw new CliFailure(dir + ": cannot repair: " + report.refusal().get());
    }
    out.println((dryRun ? "would drop: " : "dropped: ") + report.dropped());
    report.actions().forEach(a -> out.println((dryRun ? "would " : "done: ") + a));
    if (dryRun) {
      out.println("dry run: nothing changed");
    } else if (report.changed()) {
      out.println("repaired: " + report.length() + " blocks verify");
    } else {
      out.println("nothing to repair: " + report.length() + " blocks");
    }
    return 0;
  }
}
