package io.bzzz.cli.log;

import picocli.CommandLine.Command;

@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = "Create, append to, inspect, verify, replicate and repair a signed log.",
    subcommands = {
      LogInitCommand.class,
      LogAppendCommand.class,
      LogInfoCommand.class,
      LogVerifyCommand.class,
      LogShowCommand.class,
      LogReplicateCommand.class,
      LogRepairCommand.class
    })
public final class LogCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
