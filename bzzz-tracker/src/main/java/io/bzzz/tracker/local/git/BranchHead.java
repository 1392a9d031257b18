package io.bzzz.tracker.local.git;

/** A branch and the commit it points at. */
public record BranchHead(String name, CommitInfo commit) {}
