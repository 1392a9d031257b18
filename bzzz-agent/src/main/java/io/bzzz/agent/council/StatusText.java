package io.bzzz.agent.council;

import java.util.Map;

/** The status comment's readable part: the state, the roles and who holds each. */
final class StatusText {
  private StatusText() {}

  static String render(Council c, String note) {
    StringBuilder s = new StringBuilder("**Council ").append(c.spec.id()).append("**: ");
    s.append(c.state.wireName()).append(" (attempt ").append(c.attempt).append(")");
    if (!note.isEmpty()) {
      s.append(": ").append(note);
    }
    s.append("\n\n| role | kind | holder |\n|---|---|---|\n");
    Map<String, Seat> members = c.members();
    for (String role : c.spec.roles()) {
      Seat seat = members.get(role);
      s.append("| ").append(role).append(role.equals(c.spec.lead()) ? " (lead)" : "");
      s.append(" | ").append(c.spec.core().contains(role) ? "core" : "optional").append(" | ");
      s.append(seat == null ? "-" : seat.holder().name()).append(" |\n");
    }
    return s.toString();
  }
}
