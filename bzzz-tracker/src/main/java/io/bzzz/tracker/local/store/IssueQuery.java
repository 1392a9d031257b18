package io.bzzz.tracker.local.store;

import java.util.List;

/**
 * A filtered, paged issue list. An issue matches when it carries a label of each name in {@code
 * labelNames}; as in Gitea, names that no label of the repository has are ignored.
 */
public record IssueQuery(State state, Kind kind, List<String> labelNames, int page, int limit) {
  public enum State {
    OPEN,
    CLOSED,
    ALL
  }

  public enum Kind {
    ISSUES,
    PULLS,
    ALL
  }

  public IssueQuery {
    labelNames = List.copyOf(labelNames);
    if (page < 1 || limit < 1) {
      throw new IllegalArgumentException("page and limit start at 1");
    }
  }
}
