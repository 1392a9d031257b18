package io.bzzz.tracker.local.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An issue or, when {@code pull} is present, a pull request: they share one number sequence.
 *
 * @param bodyEditors who changed the body after it was posted, oldest edit first
 */
public record Issue(
    long id,
    long repoId,
    long number,
    Account poster,
    String title,
    String body,
    boolean closed,
    List<Label> labels,
    List<Account> assignees,
    int comments,
    Instant created,
    Instant updated,
    Optional<Instant> closedAt,
    Optional<PullInfo> pull,
    List<Account> bodyEditors) {

  public Issue {
    labels = List.copyOf(labels);
    bodyEditors = List.copyOf(bodyEditors);
    assignees = List.copyOf(assignees);
  }
}
