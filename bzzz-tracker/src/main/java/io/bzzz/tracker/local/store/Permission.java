package io.bzzz.tracker.local.store;

/** What a user may do in a repository, from least to most. */
public enum Permission {
  NONE,
  READ,
  WRITE,
  ADMIN;

  public boolean atLeast(Permission other) {
    return compareTo(other) >= 0;
  }
}
