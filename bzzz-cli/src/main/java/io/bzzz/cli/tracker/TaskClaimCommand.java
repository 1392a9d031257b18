package io.bzzz.cli.tracker;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.claim.ClaimSweep;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "claim",
    mixinStandardHelpOptions = true,
    description =
        "Claims up to N candidate tasks; prints one JSON line per won claim:"
            + " {\"number\",\"branch\",\"attempt\"}.")
final class TaskClaimCommand implements Callable<Integer> {
  @Mixin TrackerClientOptions tracker;

  @Option(names = "--agent", paramLabel = "NAME", required = true, description = "Agent name.")
  String agent;

  @Option(names = "--max", paramLabel = "N", defaultValue = "1", description = "At most N claims.")
  int max;

  @Option(names = "--peer-id", paramLabel = "ID", description = "Peer id for the claim comment.")
  String peerId;

  @Option(names = "--log-key", paramLabel = "HEX", description = "Log key for the claim comment.")
  String logKey;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (max < 1) {
      throw new CliFailure("--max must be at least 1", 2);
    }
    AgentIdentity me;
    try {
      me = new AgentIdentity(agent, Optional.ofNullable(peerId), Optional.ofNullable(logKey));
    } catch (IllegalArgumentException e) {
      throw new CliFailure(e.getMessage(), 2);
    }
    PrintWriter out = spec.commandLine().getOut();
    TaskOutput.run(
        () -> {
          try (Tracker t = tracker.open()) {
            return ClaimSweep.run(
                t,
                me,
                max,
                new SecureRandom(),
                claim -> {
                  out.println(TaskOutput.json(claim));
                  out.flush();
                });
          }
        });
    return 0;
  }
}
