package io.bzzz.tracker.local.git;

import java.time.Instant;

/** The head commit of a branch, as the API shows it. */
public record CommitInfo(
    String sha,
    String message,
    String authorName,
    String authorEmail,
    String committerName,
    String committerEmail,
    Instant time) {}
