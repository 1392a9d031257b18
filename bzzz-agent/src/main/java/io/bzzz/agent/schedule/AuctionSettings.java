package io.bzzz.agent.schedule;

import java.time.Duration;

/**
 * The auction's parameters (docs/scheduling.md).
 *
 * @param enabled on by default; off: every agent claims what its polls find, first come first
 *     served
 * @param window how long a round collects bids after it opens
 * @param claimTimeout how long each bidder in the order has to claim before the next one tries
 * @param minMatch the capability match below which an agent does not bid (0.7)
 * @param weights the score's weights
 */
public record AuctionSettings(
    boolean enabled,
    Duration window,
    Duration claimTimeout,
    double minMatch,
    ScoreWeights weights) {
  public static final AuctionSettings DEFAULT =
      new AuctionSettings(
          true, // off (--auction false): first come, first served
          Duration.ofMillis(400),
          Duration.ofSeconds(3),
          CapabilityMatch.DEFAULT_MIN,
          ScoreWeights.DEFAULT);

  public AuctionSettings {
    if (window.isNegative()
        || window.isZero()
        || claimTimeout.isNegative()
        || claimTimeout.isZero()) {
      throw new IllegalArgumentException("the auction window and claim timeout must be positive");
    }
    if (!(minMatch >= 0 && minMatch <= 1)) {
      throw new IllegalArgumentException("the minimum match must be in [0, 1], got " + minMatch);
    }
  }
}
