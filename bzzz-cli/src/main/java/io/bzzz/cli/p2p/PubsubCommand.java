package io.bzzz.cli.p2p;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "pubsub",
    mixinStandardHelpOptions = true,
    description = "Subscribe to or publish on a gossipsub topic.",
    subcommands = {PubsubSubCommand.class, PubsubPubCommand.class})
public final class PubsubCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
