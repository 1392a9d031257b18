package io.bzzz.tracker;

/** What the result workflow needs about a repository: where to push and the base branch. */
public record RepoInfo(RepoRef repo, String defaultBranch, String cloneUrl) {}
