package io.bzzz.tracker.local.store;

/** Counts shown with a repository; read only where a repository is rendered. */
public record RepoStats(int openIssues, int openPulls) {}
