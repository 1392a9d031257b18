package io.bzzz.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.cli.Bzzz;
import io.bzzz.log.SignedLog;
import io.bzzz.log.entry.AuditLog;
import io.bzzz.log.entry.EntryType;
import io.bzzz.log.entry.LogEntry;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Counts what happened to every task once the run is over and every process stopped: completed
 * executions from the shared append-only file, pull requests and labels and claims from the
 * tracker's data directory, {@code task_completed} entries from every agent's signed log, and
 * {@code bzzz log verify} on each log.
 */
final class ChaosAccounting {
  private static final Pattern TASK_BRANCH = Pattern.compile("^bzzz/task-(\\d+)(?:-a\\d+)?$");
  private static final Pattern AGENT_IN_PATH = Pattern.compile("/(agent-\\d+)/workspaces/([^/]+)");

  private final ChaosTopology topology;
  private final Path runDir;
  private final Path executions;
  private final Path trackerDir;

  ChaosAccounting(ChaosTopology topology, Path runDir, Path executions, Path trackerDir) {
    this.topology = topology;
    this.runDir = runDir;
    this.executions = executions;
    this.trackerDir = trackerDir;
  }

  SortedMap<Integer, ChaosReport.TaskOutcome> outcomes() throws IOException {
    Map<Integer, List<String>> runs = executions();
    Map<Integer, Integer> completed = completedEntries();
    Map<Integer, Integer> pulls = new HashMap<>();
    SortedMap<Integer, ChaosReport.TaskOutcome> out = new TreeMap<>();
    try (ChaosRepo repo = new ChaosRepo(trackerDir)) {
      for (JsonNode pr : repo.pulls()) {
        Matcher m = TASK_BRANCH.matcher(pr.path("head").path("ref").asText());
        if (m.matches()) {
          pulls.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
        }
      }
      for (int n = 1; n <= topology.tasks(); n++) {
        boolean done = repo.client().task(n).hasLabel(BzzzLabels.DONE);
        Optional<Claim> claim = repo.client().currentClaim(n);
        out.put(
            n,
            new ChaosReport.TaskOutcome(
                n,
                runs.getOrDefault(n, List.of()),
                pulls.getOrDefault(n, 0),
                completed.getOrDefault(n, 0),
                done,
                claim.map(ChaosAccounting::describe).orElse(null)));
      }
    }
    return out;
  }

  /**
   * The logs {@code bzzz log verify} rejects, each with its output. The command runs in this JVM
   * (the same picocli command line as the CLI's): five JVM starts cost more than the checks.
   */
  List<String> unverifiedLogs() {
    List<String> failed = new ArrayList<>();
    for (int a = 0; a < topology.agents(); a++) {
      Path log = logDir(a);
      StringWriter out = new StringWriter();
      CommandLine verify = Bzzz.commandLine();
      verify.setOut(new PrintWriter(out, true));
      verify.setErr(new PrintWriter(out, true));
      int exit = verify.execute("log", "verify", "--dir", log.toString());
      if (exit != 0) {
        failed.add(log + " (exit " + exit + "): " + out.toString().replace('\n', ' '));
      }
    }
    return failed;
  }

  private Path logDir(int agent) {
    return runDir.resolve(topology.agentName(agent)).resolve("log");
  }

  private static String describe(Claim claim) {
    return "attempt "
        + claim.attempt()
        + " by "
        + claim.owner().map(o -> o.name()).orElse("(unknown owner)");
  }

  /** Task number to the executions that completed ("agent-k:work tree"), in file order. */
  private Map<Integer, List<String>> executions() throws IOException {
    Map<Integer, List<String>> out = new HashMap<>();
    if (!Files.exists(executions)) {
      return out;
    }
    for (String line : Files.readAllLines(executions)) {
      int space = line.indexOf(' ');
      if (space < 0) {
        continue; // cannot happen with one short O_APPEND write per line; never counted
      }
      Matcher m = AGENT_IN_PATH.matcher(line.substring(space + 1));
      String who = m.find() ? m.group(1) + ":" + m.group(2) : line.substring(space + 1);
      out.computeIfAbsent(Integer.parseInt(line.substring(0, space)), k -> new ArrayList<>())
          .add(who);
    }
    return out;
  }

  /** Task number to its {@code task_completed} entries over every agent's log. */
  private Map<Integer, Integer> completedEntries() {
    Map<Integer, Integer> out = new HashMap<>();
    for (int a = 0; a < topology.agents(); a++) {
      try (SignedLog log = SignedLog.openReadOnly(logDir(a))) {
        for (LogEntry e : new AuditLog(log, InstantSource.system()).entries(0)) {
          if (e.type() == EntryType.TASK_COMPLETED) {
            out.merge(e.data().path("task").path("number").asInt(), 1, Integer::sum);
          }
        }
      }
    }
    return out;
  }
}
