package io.bzzz.tracker.local.store;

import java.time.Instant;
import java.util.Optional;

/** What makes an issue a pull request: the branches it proposes to merge. */
public record PullInfo(
    String headRef, String baseRef, boolean merged, Optional<Instant> mergedAt) {}
