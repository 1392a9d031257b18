package io.bzzz.cli.agent;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run a local tracker, a sample repository and N agents on this machine.")
public final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--agents", paramLabel = "N", description = "Number of agents (default 3).")
  int agents = 3;

  @Option(names = "--headless", description = "No browser page, only the progress lines.")
  boolean headless;

  @Option(names = "--exit-when-done", description = "Exit 0 once every task has ended.")
  boolean exitWhenDone;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("bzzz demo is not built yet. When it is, it will:");
    err.println("  1. start the local tracker on loopback,");
    err.println("  2. create a sample repository with sample tasks,");
    err.println("  3. start " + agents + " agents that find each other, claim and do the tasks,");
    err.println("  4. show one live progress line per task and where to look.");
    return 3;
  }
}
