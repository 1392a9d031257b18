package io.bzzz.cli.tracker;

import io.bzzz.cli.CliFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "task",
    mixinStandardHelpOptions = true,
    description = "Add, list, show and claim tasks on a tracker.")
public final class TaskCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CliFailure("not implemented yet", 2);
  }
}
