package io.bzzz.cli.p2p;

import io.bzzz.cli.CliFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "ping",
    mixinStandardHelpOptions = true,
    description = "Ping a peer and print the round-trip time of each ping.")
public final class PingCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CliFailure("not implemented yet", 2);
  }
}
