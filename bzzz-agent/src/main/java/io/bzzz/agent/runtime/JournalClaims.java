package io.bzzz.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.log.entry.LogEntry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this agent's own log says about its claims, read once at start: the claims it took and never
 * ended (the candidates for restart reconciliation), and the task attempts whose end it already
 * logged (so a resumed delivery does not log a second {@code task_completed}).
 *
 * <p>A claim ends with {@code task_completed}, {@code task_failed}, a hand-over ({@code
 * task_help_received}) or {@code task_progress} with stage {@code delivery_dropped} or {@code
 * given_away} (a peer took the offered task over); an end without an attempt (written by an older
 * version) ends the task's latest claim.
 */
record JournalClaims(Map<String, OpenClaim> open, Set<String> ended) {

  /** A claim with no end in the log. */
  record OpenClaim(String repository, int number, String branch, int attempt) {}

  static JournalClaims read(List<LogEntry> entries) {
    Map<String, OpenClaim> open = new LinkedHashMap<>();
    Set<String> ended = new HashSet<>();
    for (LogEntry e : entries) {
      JsonNode data = e.data();
      JsonNode task = data.path("task");
      String repository = task.path("repository").asText("");
      int number = task.path("number").asInt(0);
      if (repository.isEmpty() || number < 1) {
        continue;
      }
      String taskKey = repository + "#" + number;
      switch (e.type()) {
        case TASK_CLAIMED -> {
          int attempt = data.path("attempt").asInt(0);
          String branch = data.path("branch").asText("");
          if (attempt >= 1 && !branch.isEmpty()) {
            open.put(taskKey, new OpenClaim(repository, number, branch, attempt));
          }
        }
        case TASK_COMPLETED, TASK_FAILED, TASK_HELP_RECEIVED, ESCALATION ->
            end(open, ended, taskKey, data);
        case TASK_PROGRESS -> {
          String stage = data.path("stage").asText();
          if (Deliveries.DROPPED_STAGE.equals(stage)
              || io.bzzz.agent.steal.WorkStealing.GIVEN_AWAY.equals(stage)) {
            end(open, ended, taskKey, data);
          }
        }
        default -> {}
      }
    }
    return new JournalClaims(Map.copyOf(open), Set.copyOf(ended));
  }

  private static void end(
      Map<String, OpenClaim> open, Set<String> ended, String taskKey, JsonNode data) {
    OpenClaim claim = open.get(taskKey);
    int attempt = data.path("attempt").asInt(claim == null ? 0 : claim.attempt());
    if (attempt >= 1) {
      ended.add(taskKey + "@" + attempt);
    }
    if (claim != null && claim.attempt() == attempt) {
      open.remove(taskKey);
    }
  }
}
