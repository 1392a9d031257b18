package io.bzzz.tracker.local.store;

import java.time.Instant;

/** A user of the local tracker. */
public record Account(
    long id, String login, String email, String fullName, boolean admin, Instant created) {}
