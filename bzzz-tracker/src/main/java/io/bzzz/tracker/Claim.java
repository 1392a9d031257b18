package io.bzzz.tracker;

import java.util.Optional;

/**
 * A claim on a task: the branch that is the lock, and its attempt number, which is the fencing
 * token (DESIGN §5). The owner is known when the claim comment was written.
 */
public record Claim(int number, String branch, int attempt, Optional<AgentIdentity> owner) {
  public Claim {
    if (number < 1 || attempt < 1) {
      throw new IllegalArgumentException("task number and attempt start at 1");
    }
  }
}
