package io.bzzz.agent.review;

import java.util.Collection;

/**
 * How far a pull request's conversation was handled: the highest review, line comment and
 * conversation comment id seen by a claimed round. Ids grow on both forges, so "after the cursor"
 * is "new".
 */
public record Cursor(long review, long reviewComment, long comment) {
  public static final Cursor START = new Cursor(0, 0, 0);

  public boolean covers(Trigger.Kind kind, long id) {
    return switch (kind) {
      case REVIEW -> id <= review;
      case REVIEW_COMMENT -> id <= reviewComment;
      case ISSUE_COMMENT -> id <= comment;
    };
  }

  public Cursor max(Cursor o) {
    return new Cursor(
        Math.max(review, o.review),
        Math.max(reviewComment, o.reviewComment),
        Math.max(comment, o.comment));
  }

  /** This cursor moved past every id in the given lists. */
  public Cursor past(
      Collection<Long> reviewIds, Collection<Long> reviewCommentIds, Collection<Long> commentIds) {
    return max(new Cursor(maxOf(reviewIds), maxOf(reviewCommentIds), maxOf(commentIds)));
  }

  private static long maxOf(Collection<Long> ids) {
    return ids.stream().mapToLong(Long::longValue).max().orElse(0);
  }
}
