package io.bzzz.agent.coordination;

import java.util.Arrays;
import java.util.Optional;

/** The {@code type} of an envelope, by its wire name (contract, DESIGN §3). */
public enum MessageType {
  CAPABILITY_BROADCAST("capability_broadcast"),
  AVAILABILITY_BROADCAST("availability_broadcast"),
  TASK_CLAIMED("task_claimed"),
  TASK_PROGRESS("task_progress"),
  TASK_COMPLETED("task_completed"),
  TASK_FAILED("task_failed"),
  TASK_HELP_REQUEST("task_help_request"),
  TASK_HELP_RESPONSE("task_help_response"),
  META_DISCUSSION("meta_discussion"),
  CONTEXT_FEEDBACK("context_feedback"),
  /** Additive (docs/scheduling.md): a webhook said a task may be available; look at it now. */
  TASK_AVAILABLE("task_available"),
  TASK_BID("task_bid"),
  /** Additive (docs/scheduling.md#work-stealing): an overloaded agent offers unstarted work. */
  TASK_OFFER("task_offer");

  private final String wireName;

  MessageType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<MessageType> fromWire(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }
}
