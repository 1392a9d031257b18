package io.bzzz.agent.review;

/**
 * One request for a change on a pull request: a review asking for changes, a line comment, or a
 * conversation comment that mentions the agents' handle.
 *
 * @param path the file a line comment is on, empty otherwise
 * @param line its line in the new version, 0 when unknown or not a line comment
 * @param edited whether the text may have changed since it was posted
 */
public record Trigger(
    Kind kind, long id, String author, String body, String path, int line, boolean edited) {

  public enum Kind {
    REVIEW,
    REVIEW_COMMENT,
    ISSUE_COMMENT
  }

  /** Where it is, for a human: {@code src/App.java:12}, or the kind of comment. */
  public String where() {
    return switch (kind) {
      case REVIEW_COMMENT -> path + (line > 0 ? ":" + line : "");
      case REVIEW -> "review";
      case ISSUE_COMMENT -> "comment";
    };
  }
}
