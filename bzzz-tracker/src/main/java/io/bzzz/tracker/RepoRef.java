package io.bzzz.tracker;

import java.util.regex.Pattern;

/**
 * A repository on a tracker, {@code owner/name}. Both parts are checked at construction so that a
 * name can never carry a path (no slashes, no {@code ..}) into a URL.
 */
public record RepoRef(String owner, String name) {
  private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  public RepoRef {
    requirePart("owner", owner);
    requirePart("repository name", name);
  }

  /** Parses {@code OWNER/NAME}. */
  public static RepoRef parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0 || slash != text.lastIndexOf('/')) {
      throw new IllegalArgumentException("repository must be OWNER/NAME, got '" + text + "'");
    }
    return new RepoRef(text.substring(0, slash), text.substring(slash + 1));
  }

  private static void requirePart(String what, String value) {
    if (value == null || !PART.matcher(value).matches() || value.contains("..")) {
      throw new IllegalArgumentException(
          "invalid " + what + " '" + value + "': letters, digits, '.', '_', '-' only");
    }
  }

  @Override
  public String toString() {
    return owner + "/" + name;
  }
}
