package io.bzzz.agent.pickup;

import io.bzzz.agent.coordination.TaskRef;

/**
 * What happens once a task is known to be available (a hint passed {@link PollHints}): today {@link
 * RankedPickup}, which has one agent look at once and the others only if it does not claim; an
 * auction can take its place behind this interface. Safety never depends on it: the claim ref
 * decides who holds a task.
 */
public interface TaskAvailability {

  /**
   * A task may be available now. Must not block: it is called on the mesh and API threads.
   *
   * @return whether this agent acts on the hint (looks, or bids); false when it cannot take a task
   *     now, so that a repeat of the hint once it can is not refused as a duplicate
   */
  boolean available(TaskHint hint);

  /** A peer announced a claim of {@code task}: nothing more to do for it here. */
  default void claimedElsewhere(TaskRef task) {}

  /** One of this agent's slots became free. Must not block: it is called on task threads. */
  default void slotFreed() {}
}
