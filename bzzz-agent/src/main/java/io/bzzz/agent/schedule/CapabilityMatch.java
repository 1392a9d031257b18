package io.bzzz.agent.schedule;

import io.bzzz.agent.capability.Capabilities;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The capability term: the fraction of a task's stated capabilities this agent has. Required ones
 * are {@code needs:<cap>} and {@code model:<name>} labels (as today: an agent missing one cannot
 * take the task at all); preferred ones are {@code prefers:<cap>} (matched against capability
 * names) and {@code prefers:model:<name>}. A task that states none matches fully (1.0).
 */
public final class CapabilityMatch {
  /** The default threshold below which an agent does not bid (the seed's 70 %). */
  public static final double DEFAULT_MIN = 0.7;

  private static final String PREFERS = "prefers:";

  private CapabilityMatch() {}

  /** The {@code prefers:} labels among {@code labels}. */
  public static List<String> preferences(List<String> labels) {
    return labels.stream()
        .filter(l -> l.startsWith(PREFERS) && l.length() > PREFERS.length())
        .toList();
  }

  /**
   * The match in [0, 1], or empty when a required capability is missing (mandatory, whatever the
   * fraction).
   */
  public static Optional<Double> of(Capabilities caps, List<String> labels) {
    List<String> required = Capabilities.requirements(labels);
    if (!caps.missing(required).isEmpty()) {
      return Optional.empty();
    }
    List<String> preferred = preferences(labels);
    int stated = required.size() + preferred.size();
    if (stated == 0) {
      return Optional.of(1.0);
    }
    Set<String> names = caps.names();
    long met =
        preferred.stream().filter(p -> has(caps, names, p.substring(PREFERS.length()))).count();
    return Optional.of((required.size() + met) / (double) stated);
  }

  /**
   * Whether an agent with this match may bid: required ones met and the fraction at least {@code
   * min}.
   */
  public static boolean bids(Optional<Double> match, double min) {
    return match.isPresent() && match.get() + 1e-9 >= min;
  }

  private static boolean has(Capabilities caps, Set<String> names, String wanted) {
    return wanted.startsWith("model:")
        ? caps.hasModel(wanted.substring("model:".length()))
        : names.contains(wanted);
  }
}
