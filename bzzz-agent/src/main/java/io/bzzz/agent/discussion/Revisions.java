package io.bzzz.agent.discussion;

import io.bzzz.agent.coordination.Payload.Objection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a plan changes between rounds when no model rewrites it (script and command tasks): the same
 * work, marked with its round and followed by the objections it answers, so members see what was
 * raised and a rule keyed on a round can let it pass. The message's {@code objections} field
 * carries the same list in structured form.
 */
final class Revisions {
  private static final int MAX_CHARS = 1200;

  private Revisions() {}

  static String revise(String original, int round, List<Objection> answered) {
    if (round == 1) {
      return original;
    }
    String addressed =
        answered.stream().map(o -> o.reason().strip()).distinct().collect(Collectors.joining("; "));
    String text =
        "Revised plan (round "
            + round
            + "): "
            + original
            + (addressed.isEmpty() ? "" : " | Objections addressed: " + addressed);
    return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS - 3) + "..." : text;
  }
}
