package io.bzzz.cli.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.log.SignedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The council demo's plan discussions as its agents' signed logs tell them, read once the agents
 * stopped (a log is read by one process at a time): each round sent back by objections, with who
 * objected and why, and how many plans were approved, after objections or not, or escalated. Only
 * the taker of a subtask writes {@code plan_revised}, {@code consensus_reached} and {@code
 * escalation}, so each decision is counted once.
 */
final class DemoDiscussions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoDiscussions() {}

  /**
   * @param logs each agent's name and its log directory
   * @param names peer id → agent name, to name who objected
   * @param titles subtask number → title
   */
  static List<String> lines(
      Map<String, Path> logs, Map<String, String> names, Map<Integer, String> titles) {
    // task → round → line, so the output reads in order whichever agent took which subtask
    Map<Integer, Map<Integer, String>> revised = new TreeMap<>();
    Map<Integer, Integer> approvedInRound = new TreeMap<>();
    TreeSet<Integer> escalated = new TreeSet<>();
    List<String> unreadable = new ArrayList<>();
    for (Map.Entry<String, Path> log : logs.entrySet()) {
      if (!Files.exists(log.getValue())) {
        continue;
      }
      try (SignedLog signed = SignedLog.openReadOnly(log.getValue())) {
        for (long i = 0; i < signed.length(); i++) {
          JsonNode e = JSON.readTree(signed.get(i));
          JsonNode data = e.path("data");
          int task = data.path("task").path("number").asInt();
          int round = data.path("round").asInt();
          switch (e.path("type").asText()) {
            case "plan_revised" ->
                revised
                    .computeIfAbsent(task, t -> new TreeMap<>())
                    .put(round, revisedLine(task, round, data, names, titles));
            case "consensus_reached" -> approvedInRound.put(task, round);
            case "escalation" -> escalated.add(task);
            default -> {
              // other entries tell nothing about discussions
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        unreadable.add(log.getKey() + " (" + e.getMessage() + ")");
      }
    }
    List<String> out = new ArrayList<>();
    revised.values().forEach(rounds -> out.addAll(rounds.values()));
    List<String> resolved = new ArrayList<>();
    approvedInRound.forEach(
        (task, round) -> {
          if (round > 1) {
            out.add(
                String.format(
                    "discussion: task #%d %s: revised plan approved in round %d",
                    task, titles.getOrDefault(task, ""), round));
            resolved.add("#" + task + " in round " + round);
          }
        });
    out.add(
        String.format(
            "summary: plan discussions: %d approved, %d of them after objections%s; %d escalated",
            approvedInRound.size(),
            resolved.size(),
            resolved.isEmpty() ? "" : " (" + String.join(", ", resolved) + ")",
            escalated.size()));
    unreadable.forEach(u -> out.add("summary: could not read the log of " + u));
    return out;
  }

  private static String revisedLine(
      int task, int round, JsonNode data, Map<String, String> names, Map<Integer, String> titles) {
    List<String> objections = new ArrayList<>();
    for (JsonNode o : data.path("objections")) {
      String from = o.path("from").asText();
      objections.add(
          names.getOrDefault(from, from) + " objected: " + oneLine(o.path("reason").asText()));
    }
    return String.format(
        "discussion: task #%d %s: round %d sent back, %s",
        task, titles.getOrDefault(task, ""), round, String.join("; ", objections));
  }

  /** Reasons come from a peer: one line, no control characters, cut. */
  private static String oneLine(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", " ").strip();
    return clean.length() > 160 ? clean.substring(0, 157) + "..." : clean;
  }
}
