package io.bzzz.tracker.local.store;

import java.time.Instant;

/** A repository: its issue tracker state lives here, its git data in a bare repository. */
public record Repo(
    long id,
    Account owner,
    String name,
    String description,
    boolean isPrivate,
    String defaultBranch,
    Instant created,
    Instant updated) {

  public String fullName() {
    return owner.login() + "/" + name;
  }
}
