package io.bzzz.agent.schedule;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How much each term counts in a bid's score. The defaults are the seed's: capability match 0.4,
 * load 0.3, past performance 0.2, resource availability 0.1. Weights need not sum to 1, but every
 * agent of a mesh should use the same ones: scores of agents with different weights are compared as
 * they are.
 */
public record ScoreWeights(double capability, double load, double performance, double resources) {
  public static final ScoreWeights DEFAULT = new ScoreWeights(0.4, 0.3, 0.2, 0.1);

  public ScoreWeights {
    for (double w : new double[] {capability, load, performance, resources}) {
      if (!(w >= 0 && w <= 1)) {
        throw new IllegalArgumentException("a weight must be in [0, 1], got " + w);
      }
    }
    if (capability + load + performance + resources <= 0) {
      throw new IllegalArgumentException("at least one weight must be above 0");
    }
  }

  /** Four comma-separated numbers in the order capability, load, performance, resources. */
  public static ScoreWeights parse(String text) {
    List<String> parts = Arrays.stream(text.split(",", -1)).map(String::strip).toList();
    if (parts.size() != 4) {
      throw new IllegalArgumentException(
          "expected four weights (capability,load,performance,resources), got '" + text + "'");
    }
    try {
      return new ScoreWeights(
          Double.parseDouble(parts.get(0)),
          Double.parseDouble(parts.get(1)),
          Double.parseDouble(parts.get(2)),
          Double.parseDouble(parts.get(3)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number in '" + text + "'", e);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s,%s,%s,%s", capability, load, performance, resources);
  }
}
