package io.bzzz.cli.log;

import picocli.CommandLine.Command;

@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = "Create, append to, inspect, verify and replicate a signed log.",
    subcommands = {
      LogInitCommand.class,
      LogAppendCommand.class,
      LogInfoCommand.class,
      LogVerifyCommand.class,
      LogShowCommand.class,
      LogReplicateCommand.class
    })
public final class LogCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
