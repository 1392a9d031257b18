package io.bzzz.tracker;

/**
 * The fencing check (DESIGN §5): before every push and before opening a pull request, the holder of
 * a claim makes sure no later attempt exists.
 */
@FunctionalInterface
public interface Fence {
  /**
   * Returns normally while {@code mine} is the highest attempt.
   *
   * @throws TrackerException.Superseded when a later attempt exists
   */
  void check(Claim mine);
}
