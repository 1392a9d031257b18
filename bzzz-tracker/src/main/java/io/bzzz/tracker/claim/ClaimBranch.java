package io.bzzz.tracker.claim;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Claim branch names (DESIGN §5): {@code bzzz/task-<n>} for attempt 1, {@code bzzz/task-<n>-a<k>}
 * for attempt k &gt; 1.
 */
public record ClaimBranch(int number, int attempt) {
  private static final Pattern NAME =
      Pattern.compile("bzzz/task-([1-9][0-9]{0,9})(?:-a([1-9][0-9]{0,5}))?");

  public ClaimBranch {
    if (number < 1 || attempt < 1) {
      throw new IllegalArgumentException("task number and attempt start at 1");
    }
  }

  public String name() {
    return attempt == 1 ? "bzzz/task-" + number : "bzzz/task-" + number + "-a" + attempt;
  }

  public ClaimBranch next() {
    return new ClaimBranch(number, attempt + 1);
  }

  public static Optional<ClaimBranch> parse(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      int number = Integer.parseInt(m.group(1));
      int attempt = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
      if (attempt == 1 && m.group(2) != null) {
        return Optional.empty(); // "-a1" is never written; attempt 1 has no suffix
      }
      return Optional.of(new ClaimBranch(number, attempt));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
