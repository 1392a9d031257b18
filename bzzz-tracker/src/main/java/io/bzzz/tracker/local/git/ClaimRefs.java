package io.bzzz.tracker.local.git;

import org.eclipse.jgit.lib.Constants;

/**
 * Claim branches, {@code bzzz/task-<n>}: the fencing token of a task (DESIGN §5). Creating one is
 * the claim; after that it may only move forward, and only an administrator may delete or rewind
 * it.
 */
public final class ClaimRefs {
  static final String BRANCH_PREFIX = "bzzz/task-";
  static final String REF_PREFIX = Constants.R_HEADS + BRANCH_PREFIX;

  private ClaimRefs() {}

  /** Whether a branch name (without {@code refs/heads/}) is a claim branch. */
  public static boolean isClaimBranch(String branch) {
    return branch.startsWith(BRANCH_PREFIX);
  }

  /** Whether a full ref name is a claim branch. */
  static boolean isClaimRef(String ref) {
    return ref.startsWith(REF_PREFIX);
  }
}
