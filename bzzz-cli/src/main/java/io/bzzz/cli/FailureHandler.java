package io.bzzz.cli;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.p2p.files.IoReason;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions escaping a command into one line on stderr, {@code bzzz <command>: <what>:
 * <why>}, and a non-zero exit code (1 unless the failure says otherwise). A stack trace only with
 * {@code BZZZ_DEBUG} set.
 */
final class FailureHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    String command = cli.getCommandSpec().qualifiedName();
    if (e instanceof CliFailure failure) {
      cli.getErr().println(command + ": " + failure.getMessage());
      return failure.exitCode();
    }
    // IoReason never gives null: an exception without a message is named by what it means
    cli.getErr().println(command + ": " + IoReason.of(e));
    if (System.getenv("BZZZ_DEBUG") != null) {
      e.printStackTrace(cli.getErr());
    }
    return 1;
  }
}
