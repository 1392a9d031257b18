package io.bzzz.tracker.review;

import java.util.Locale;

/**
 * A user's permission on a repository, as the collaborator permission endpoint reports it (GitHub:
 * {@code admin}, {@code write}, {@code read}, {@code none}; Gitea adds {@code owner}).
 */
public enum Permission {
  NONE,
  READ,
  WRITE,
  ADMIN;

  public boolean atLeast(Permission other) {
    return compareTo(other) >= 0;
  }

  /** Reads a forge's permission word; unknown words are {@link #NONE} (never more than read). */
  public static Permission parse(String word) {
    return switch (word == null ? "" : word.toLowerCase(Locale.ROOT)) {
      case "owner", "admin" -> ADMIN;
      case "write", "maintain" -> WRITE;
      case "read", "triage" -> READ;
      default -> NONE;
    };
  }
}
