package io.bzzz.cli.tracker;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "tracker",
    mixinStandardHelpOptions = true,
    description = "Run the local tracker.",
    subcommands = {TrackerServeCommand.class})
public final class TrackerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
