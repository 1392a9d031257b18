package io.bzzz.tracker.local.store;

import java.time.Instant;

/** A comment on an issue or pull request. */
public record Comment(
    long id, long issueNumber, Account poster, String body, Instant created, Instant updated) {}
