package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The git trailers an agent puts under its result commit, saying which task and attempt the commit
 * is the result of and which agent made it. They let a later attempt recognise a result that was
 * pushed but never delivered ({@link EarlierResults}).
 */
public final class ResultTrailers {
  static final String TASK = "Bzzz-Task";
  static final String ATTEMPT = "Bzzz-Attempt";
  static final String AGENT = "Bzzz-Agent";

  private ResultTrailers() {}

  /** What a result commit says about itself. */
  public record Origin(String task, int attempt, String agent) {}

  /** The trailer block, preceded by the blank line that separates it from the message body. */
  public static String format(TaskRef task, int attempt, String agent) {
    return "\n\n" + TASK + ": " + task + "\n" + ATTEMPT + ": " + attempt + "\n" + AGENT + ": "
        + agent;
  }

  /** The whole message of a result commit: title, summary, trailers. */
  static String commitMessage(
      TaskRef task, String title, String summary, int attempt, String agent) {
    return "#" + task.number() + ": " + title + "\n\n" + summary + format(task, attempt, agent);
  }

  /** The origin named by the last paragraph of {@code message}; empty when it names none. */
  static Optional<Origin> parse(String message) {
    String trimmed = message.strip();
    String last = trimmed.substring(trimmed.lastIndexOf("\n\n") + 1).strip();
    Map<String, String> fields = new HashMap<>();
    for (String line : last.split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        fields.putIfAbsent(line.substring(0, colon), line.substring(colon + 2).strip());
      }
    }
    try {
      return Optional.of(
              new Origin(
                  fields.getOrDefault(TASK, ""),
                  Integer.parseInt(fields.getOrDefault(ATTEMPT, "")),
                  fields.getOrDefault(AGENT, "")))
          .filter(o -> !o.task().isEmpty() && !o.agent().isEmpty());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The message without its trailer block. */
  static String withoutTrailers(String message) {
    String trimmed = message.strip();
    int cut = trimmed.lastIndexOf("\n\n");
    return parse(trimmed).isPresent() && cut > 0 ? trimmed.substring(0, cut) : trimmed;
  }
}
