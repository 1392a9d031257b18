package io.bzzz.tracker;

import java.util.Optional;

/**
 * Who claims or reports: the agent's name, and where known its libp2p peer id and log key, which
 * let other agents ask the mesh whether the claimer is still alive and replicate its log.
 */
public record AgentIdentity(String name, Optional<String> peerId, Optional<String> logKey) {
  public AgentIdentity {
    if (name == null || name.isBlank() || name.chars().anyMatch(c -> c < 0x20 || c == '>')) {
      throw new IllegalArgumentException("agent name must be non-blank printable text");
    }
    peerId.ifPresent(p -> requireToken("peer id", p));
    logKey.ifPresent(k -> requireToken("log key", k));
  }

  public static AgentIdentity named(String name) {
    return new AgentIdentity(name, Optional.empty(), Optional.empty());
  }

  private static void requireToken(String what, String value) {
    if (!value.matches("[A-Za-z0-9]{1,128}")) {
      throw new IllegalArgumentException(what + " must be alphanumeric");
    }
  }
}
