package io.bzzz.log.entry;

import java.util.Locale;
import java.util.Optional;

/** The events an agent writes to its log; {@link #wireName} is the JSON {@code type}. */
public enum EntryType {
  TASK_CLAIMED,
  TASK_PROGRESS,
  TASK_COMPLETED,
  TASK_FAILED,
  TASK_HELP_REQUESTED,
  TASK_HELP_OFFERED,
  TASK_HELP_RECEIVED,
  PLAN_PROPOSED,
  OBJECTION_RAISED,
  CONSENSUS_REACHED,
  ESCALATION,
  PEER_JOINED,
  PEER_LEFT,
  CAPABILITY_BROADCAST,
  NETWORK_EVENT,
  /** A member's approval of a plan in a discussion round (docs/discussion.md). */
  VOTE_CAST,
  /** A discussion round ended with objections that stood: the plan goes to another round. */
  PLAN_REVISED,
  /** A finished task's {@code context_feedback}, as sent or received. */
  CONTEXT_FEEDBACK,
  /** One message a monitor saw on the mesh (docs/discussion.md, "bzzz monitor"). */
  MESSAGE_OBSERVED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EntryType> fromWireName(String name) {
    for (EntryType t : values()) {
      if (t.wireName().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
