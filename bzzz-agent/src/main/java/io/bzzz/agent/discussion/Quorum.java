package io.bzzz.agent.discussion;

/**
 * The share of members whose approval carries a plan despite objections, as an exact fraction: the
 * seeds' 0.67 is two thirds rounded, and with three members two approvals (0.666...) must be
 * enough, which a decimal 0.67 would refuse.
 */
public record Quorum(int numerator, int denominator) {
  public static final Quorum TWO_THIRDS = new Quorum(2, 3);

  public Quorum {
    if (denominator < 1 || numerator < 1 || numerator > denominator) {
      throw new IllegalArgumentException(
          "quorum " + numerator + "/" + denominator + ": expected 0 < n/d <= 1");
    }
  }

  /** Whether {@code approvals} of {@code members} reach this share. */
  public boolean reached(int approvals, int members) {
    return members > 0 && (long) approvals * denominator >= (long) numerator * members;
  }

  @Override
  public String toString() {
    return numerator + "/" + denominator;
  }
}
