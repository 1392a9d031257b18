package io.bzzz.cli.agent;

import io.bzzz.cli.CliFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "agent", mixinStandardHelpOptions = true, description = "Run an agent.")
public final class AgentCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CliFailure("not implemented yet", 2);
  }
}
