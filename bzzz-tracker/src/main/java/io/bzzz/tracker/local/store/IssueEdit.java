package io.bzzz.tracker.local.store;

import java.util.List;
import java.util.Optional;

/** The fields of an issue edit; an empty field is left as it is. */
public record IssueEdit(
    Optional<String> title,
    Optional<String> body,
    Optional<Boolean> closed,
    Optional<List<Account>> assignees) {}
