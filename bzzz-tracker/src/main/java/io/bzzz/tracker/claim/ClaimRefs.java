package io.bzzz.tracker.claim;

/**
 * The one atomic operation a claim needs from a tracker: create a branch that must not exist yet
 * (GitHub answers 422, Gitea 409 when it does), and a way to see whether one exists.
 */
public interface ClaimRefs {
  /**
   * Creates {@code name} at the head of the default branch.
   *
   * @return true if this call created it, false if it already existed
   */
  boolean createBranch(String name);

  boolean branchExists(String name);
}
