package io.bzzz.tracker;

/** Whether an issue is still open. */
public enum TaskState {
  OPEN,
  CLOSED
}
