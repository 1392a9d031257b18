package io.bzzz.cli;

import io.bzzz.cli.agent.AgentCommand;
import io.bzzz.cli.agent.DemoCommand;
import io.bzzz.cli.common.BzzzVersion;
import io.bzzz.cli.log.LogCommand;
import io.bzzz.cli.p2p.IdCommand;
import io.bzzz.cli.p2p.MonitorCommand;
import io.bzzz.cli.p2p.NodeCommand;
import io.bzzz.cli.p2p.PingCommand;
import io.bzzz.cli.p2p.PubsubCommand;
import io.bzzz.cli.tracker.CouncilCommand;
import io.bzzz.cli.tracker.TaskCommand;
import io.bzzz.cli.tracker.TrackerCommand;
import io.bzzz.p2p.discovery.bootstrap.JvmDnsCache;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bzzz} command: one subcommand per job, each in the package of the layer it drives. */
@Command(
    name = "bzzz",
    mixinStandardHelpOptions = true,
    versionProvider = BzzzVersion.class,
    description = "Bzzz: a decentralized task-execution network of libp2p agents.",
    subcommands = {
      IdCommand.class,
      NodeCommand.class,
      PingCommand.class,
      PubsubCommand.class,
      LogCommand.class,
      TrackerCommand.class,
      TaskCommand.class,
      CouncilCommand.class,
      AgentCommand.class,
      DemoCommand.class,
      MonitorCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Bzzz implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Bzzz());
    cli.setExecutionExceptionHandler(new FailureHandler());
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    return cli;
  }

  public static void main(String[] args) {
    JvmDnsCache.shortenForDiscovery(); // before anything resolves a name: DNS discovery re-asks
    System.exit(commandLine().execute(args));
  }
}
