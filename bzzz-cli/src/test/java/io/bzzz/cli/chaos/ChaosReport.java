package io.bzzz.cli.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What a chaos run did and what came of it: faults injected by kind, and per task the completed
 * executions, pull requests, {@code task_completed} entries and whether it is done or left claimed.
 * {@link #table} is what the run prints.
 */
record ChaosReport(
    long seed,
    Map<FaultSchedule.Kind, Integer> faults,
    List<String> notes,
    int tasks,
    SortedMap<Integer, TaskOutcome> outcomes,
    List<String> unverifiedLogs,
    Duration wallTime) {

  /** One task at the end of the run. */
  record TaskOutcome(
      int number,
      List<String> executions,
      int pullRequests,
      int completedEntries,
      boolean done,
      String claim) {

    boolean exactlyOnce() {
      return executions.size() == 1 && pullRequests == 1 && completedEntries == 1 && done;
    }

    boolean lost() {
      return pullRequests == 0;
    }

    boolean leftClaimed() {
      return !done && claim != null;
    }

    String describe() {
      return "task "
          + number
          + ": "
          + executions.size()
          + " completed execution(s) "
          + executions
          + ", "
          + pullRequests
          + " PR, "
          + completedEntries
          + " task_completed, "
          + (done ? "done" : "not done")
          + (claim == null ? "" : ", claim " + claim);
    }
  }

  long done() {
    return outcomes.values().stream().filter(TaskOutcome::done).count();
  }

  /** Executions beyond the first, over all tasks. */
  long duplicateExecutions() {
    return outcomes.values().stream().mapToLong(o -> Math.max(0, o.executions().size() - 1)).sum();
  }

  long duplicatePullRequests() {
    return outcomes.values().stream().mapToLong(o -> Math.max(0, o.pullRequests() - 1)).sum();
  }

  long duplicateCompletedEntries() {
    return outcomes.values().stream().mapToLong(o -> Math.max(0, o.completedEntries() - 1)).sum();
  }

  long lost() {
    return outcomes.values().stream().filter(TaskOutcome::lost).count();
  }

  long leftClaimed() {
    return outcomes.values().stream().filter(TaskOutcome::leftClaimed).count();
  }

  List<TaskOutcome> wrong() {
    return outcomes.values().stream().filter(o -> !o.exactlyOnce()).toList();
  }

  boolean passed() {
    return wrong().isEmpty() && unverifiedLogs.isEmpty();
  }

  String table() {
    StringBuilder out = new StringBuilder();
    out.append("chaos run, seed ").append(seed).append('\n');
    row(out, "fault", "injected");
    for (FaultSchedule.Kind kind : FaultSchedule.Kind.values()) {
      row(out, kind.label, Integer.toString(faults.getOrDefault(kind, 0)));
    }
    row(out, "tasks", Integer.toString(tasks));
    row(out, "tasks done", Long.toString(done()));
    row(out, "duplicate executions", Long.toString(duplicateExecutions()));
    row(out, "duplicate pull requests", Long.toString(duplicatePullRequests()));
    row(out, "duplicate task_completed", Long.toString(duplicateCompletedEntries()));
    row(out, "lost tasks (no pull request)", Long.toString(lost()));
    row(out, "left claimed (not done)", Long.toString(leftClaimed()));
    row(out, "logs failing verify", Integer.toString(unverifiedLogs.size()));
    row(out, "wall time", wallTime.toSeconds() + " s");
    notes.forEach(n -> out.append("note: ").append(n).append('\n'));
    unverifiedLogs.forEach(l -> out.append("log does not verify: ").append(l).append('\n'));
    wrong().forEach(o -> out.append(o.describe()).append('\n'));
    return out.toString();
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append(String.format("| %-32s | %10s |%n", name, value));
  }
}
