package io.bzzz.tracker.local.store;

import java.util.List;
import java.util.Optional;

/**
 * The fields of an issue edit; an empty field is left as it is.
 *
 * @param editor who makes the edit; recorded when the body changes
 */
public record IssueEdit(
    Account editor,
    Optional<String> title,
    Optional<String> body,
    Optional<Boolean> closed,
    Optional<List<Account>> assignees) {}
