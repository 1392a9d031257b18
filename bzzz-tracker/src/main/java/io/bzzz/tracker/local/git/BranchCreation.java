package io.bzzz.tracker.local.git;

/** The outcome of an atomic branch creation. */
public sealed interface BranchCreation {
  /** This call created the branch. */
  record Created(BranchHead branch) implements BranchCreation {}

  /** The branch existed already (or another creation won the race for it). */
  record AlreadyExists() implements BranchCreation {}

  /** The branch, tag or commit to start from does not exist. */
  record SourceMissing() implements BranchCreation {}
}
