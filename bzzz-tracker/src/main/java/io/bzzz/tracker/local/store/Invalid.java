package io.bzzz.tracker.local.store;

/** A request whose values cannot be applied (an unknown label id, an unknown assignee). */
public final class Invalid extends RuntimeException {
  public Invalid(String message) {
    super(message);
  }
}
