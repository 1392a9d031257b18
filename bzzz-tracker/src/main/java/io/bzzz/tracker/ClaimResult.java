package io.bzzz.tracker;

import java.util.Optional;

/** The outcome of a claim: this agent holds the task, or another claim does. */
public sealed interface ClaimResult {
  int number();

  /** The branch was created by this agent: it owns the task at this attempt. */
  record Won(Claim claim) implements ClaimResult {
    @Override
    public int number() {
      return claim.number();
    }
  }

  /**
   * Someone else holds the task at {@code attempt}; {@code holder} is known when their claim
   * comment is visible.
   */
  record Lost(int number, int attempt, Optional<AgentIdentity> holder) implements ClaimResult {}
}
