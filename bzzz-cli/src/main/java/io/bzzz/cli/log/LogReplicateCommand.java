package io.bzzz.cli.log;

import io.bzzz.cli.CliFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "replicate",
    mixinStandardHelpOptions = true,
    description = "Fetch and verify another peer's log.")
final class LogReplicateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CliFailure("not implemented yet: needs the libp2p host", 2);
  }
}
