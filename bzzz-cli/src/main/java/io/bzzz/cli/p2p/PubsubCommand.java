package io.bzzz.cli.p2p;

import io.bzzz.cli.CliFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "pubsub",
    mixinStandardHelpOptions = true,
    description = "Subscribe to or publish on a gossipsub topic.")
public final class PubsubCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CliFailure("not implemented yet", 2);
  }
}
