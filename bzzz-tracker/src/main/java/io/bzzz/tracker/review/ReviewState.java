package io.bzzz.tracker.review;

/** The verdict of a pull request review, with both forges' words for it. */
public enum ReviewState {
  /** GitHub {@code CHANGES_REQUESTED}, Gitea {@code REQUEST_CHANGES}. */
  CHANGES_REQUESTED,
  APPROVED,
  /** GitHub {@code COMMENTED}, Gitea {@code COMMENT}. */
  COMMENTED,
  /** Pending, dismissed, a review request: nothing to act on. */
  OTHER;

  public static ReviewState parse(String word) {
    return switch (word == null ? "" : word) {
      case "CHANGES_REQUESTED", "REQUEST_CHANGES" -> CHANGES_REQUESTED;
      case "APPROVED" -> APPROVED;
      case "COMMENTED", "COMMENT" -> COMMENTED;
      default -> OTHER;
    };
  }
}
