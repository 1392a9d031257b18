package io.bzzz.cli.tracker;

import io.bzzz.cli.CliFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "tracker", mixinStandardHelpOptions = true, description = "Run the local tracker.")
public final class TrackerCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CliFailure("not implemented yet", 2);
  }
}
