package io.bzzz.tracker.local.store;

import java.util.List;
import java.util.Optional;

/** An issue (or, with {@code pull}, a pull request) to create. */
public record NewIssue(
    Account poster,
    String title,
    String body,
    List<Long> labelIds,
    List<Account> assignees,
    boolean closed,
    Optional<PullInfo> pull) {
  public NewIssue {
    labelIds = List.copyOf(labelIds);
    assignees = List.copyOf(assignees);
  }
}
