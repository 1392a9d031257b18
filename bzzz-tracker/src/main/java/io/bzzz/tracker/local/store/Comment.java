package io.bzzz.tracker.local.store;

import java.time.Instant;
import java.util.List;

/**
 * A comment on an issue or pull request.
 *
 * @param editors who changed the text after it was posted, oldest edit first
 */
public record Comment(
    long id,
    long issueNumber,
    Account poster,
    String body,
    Instant created,
    Instant updated,
    List<Account> editors) {

  public Comment {
    editors = List.copyOf(editors);
  }
}
