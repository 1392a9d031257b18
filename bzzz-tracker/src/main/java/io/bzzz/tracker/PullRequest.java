package io.bzzz.tracker;

/**
 * A pull request opened from a claim branch.
 *
 * @param updatedAt the tracker's {@code updated_at} as it sent it (empty when unknown): it moves
 *     with every comment and review, so a reader can skip a pull request that has not changed
 */
public record PullRequest(
    int number,
    String head,
    String base,
    String title,
    boolean open,
    String url,
    String updatedAt) {

  /** A pull request whose last change is not known. */
  public PullRequest(int number, String head, String base, String title, boolean open, String url) {
    this(number, head, base, title, open, url, "");
  }
}
