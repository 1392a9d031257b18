package io.bzzz.cli.tracker;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bzzz task add|list|show|claim}: a client of the local tracker, Gitea or GitHub. */
@Command(
    name = "task",
    mixinStandardHelpOptions = true,
    description = "Add, list, show and claim tasks on a tracker.",
    subcommands = {
      TaskAddCommand.class,
      TaskListCommand.class,
      TaskShowCommand.class,
      TaskClaimCommand.class
    })
public final class TaskCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
