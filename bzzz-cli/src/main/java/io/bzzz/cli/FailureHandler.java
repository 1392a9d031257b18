package io.bzzz.cli;

import io.bzzz.cli.common.CliFailure;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns exceptions escaping a command into one line on stderr and a non-zero exit code. */
final class FailureHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    // The full command path ("bzzz tracker serve"), so the line says which command failed.
    String name = cli.getCommandSpec().qualifiedName();
    if (e instanceof CliFailure failure) {
      cli.getErr().println(name + ": " + failure.getMessage());
      return failure.exitCode();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    cli.getErr().println(name + ": " + message);
    if (System.getenv("BZZZ_DEBUG") != null) {
      e.printStackTrace(cli.getErr());
    }
    return 1;
  }
}
