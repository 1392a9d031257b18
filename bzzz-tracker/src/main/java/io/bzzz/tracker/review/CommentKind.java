package io.bzzz.tracker.review;

/** Which comment endpoint an id belongs to: the conversation, or a line of the diff. */
public enum CommentKind {
  ISSUE_COMMENT,
  REVIEW_COMMENT
}
