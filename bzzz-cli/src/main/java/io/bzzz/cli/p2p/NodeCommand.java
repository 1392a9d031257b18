package io.bzzz.cli.p2p;

import io.bzzz.cli.CliFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a bare libp2p node and print its listen multiaddrs.")
public final class NodeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CliFailure("not implemented yet", 2);
  }
}
