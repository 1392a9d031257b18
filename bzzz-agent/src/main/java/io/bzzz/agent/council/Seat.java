package io.bzzz.agent.council;

import io.bzzz.tracker.AgentIdentity;
import java.util.Optional;

/** A filled role of a council: who holds it and at which attempt of its ref. */
public record Seat(String role, int attempt, AgentIdentity holder) {
  public Optional<String> peerId() {
    return holder.peerId();
  }
}
