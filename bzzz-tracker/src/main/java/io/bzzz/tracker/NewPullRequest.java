package io.bzzz.tracker;

/** What to open: the head branch into the base branch. */
public record NewPullRequest(String head, String base, String title, String body) {
  public NewPullRequest {
    if (head.isBlank() || base.isBlank() || title.isBlank()) {
      throw new IllegalArgumentException("a pull request needs head, base and title");
    }
  }
}
