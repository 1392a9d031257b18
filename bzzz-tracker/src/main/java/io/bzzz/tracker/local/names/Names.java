package io.bzzz.tracker.local.names;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names a path may carry. Owner and repository names become directory names on disk, so they
 * are checked against a strict pattern before anything else looks at them: no separators, no
 * leading dot, no {@code ..}.
 */
public final class Names {
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}");
  private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");

  private Names() {}

  public static boolean isValidUser(String name) {
    return USER.matcher(name).matches() && !name.contains("..");
  }

  /** Repository names may not end in {@code .git}: that suffix belongs to the git URL. */
  public static boolean isValidRepo(String name) {
    return REPO.matcher(name).matches()
        && !name.contains("..")
        && !name.toLowerCase(Locale.ROOT).endsWith(".git");
  }

  /** A branch name git accepts as {@code refs/heads/<name>}: see {@link RefNames}. */
  public static boolean isValidBranch(String name) {
    return RefNames.isValid(name);
  }
}
