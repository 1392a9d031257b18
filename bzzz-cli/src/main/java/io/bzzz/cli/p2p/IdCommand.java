package io.bzzz.cli.p2p;

import io.bzzz.cli.CliFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "id",
    mixinStandardHelpOptions = true,
    description = "Print this node's peer id, creating the identity key if absent.")
public final class IdCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CliFailure("not implemented yet", 2);
  }
}
