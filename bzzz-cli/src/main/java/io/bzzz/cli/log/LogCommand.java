package io.bzzz.cli.log;

import io.bzzz.cli.CliFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = "Create, append to, inspect, verify and replicate a signed log.")
public final class LogCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CliFailure("not implemented yet", 2);
  }
}
