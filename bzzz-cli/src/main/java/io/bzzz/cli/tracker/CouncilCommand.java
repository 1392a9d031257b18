package io.bzzz.cli.tracker;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "council",
    mixinStandardHelpOptions = true,
    description = "Councils: form one around a brief, list them, show one (docs/councils.md).",
    subcommands = {CouncilFormCommand.class, CouncilListCommand.class, CouncilShowCommand.class})
public final class CouncilCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
