package io.bzzz.cli.log;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.log.LogVerifier;
import io.bzzz.log.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Check every block, tree node and the signature; exit 0 only if all check. Changes nothing.")
final class LogVerifyCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", paramLabel = "D", required = true, description = "Log directory.")
  Path dir;

  @Override
  public Integer call() {
    VerifyReport report = LogVerifier.verify(dir);
    PrintWriter out = spec.commandLine().getOut();
    report.notes().forEach(n -> spec.commandLine().getErr().println("note: " + n));
    if (report.ok()) {
      out.println("ok: " + report.length() + " blocks, tree and signature verified");
      return 0;
    }
    report.problems().forEach(out::println);
    if (report.problemCount() > report.problems().size()) {
      out.println("... and " + (report.problemCount() - report.problems().size()) + " more");
    }
    out.flush();
    throw new CliFailure(
        "verification failed ("
            + report.problemCount()
            + " problems): "
            + report.problems().getFirst());
  }
}
