package io.bzzz.tracker.local.store;

/** A write refused because it collides with existing state (a name or head already taken). */
public final class Conflict extends RuntimeException {
  public Conflict(String message) {
    super(message);
  }
}
