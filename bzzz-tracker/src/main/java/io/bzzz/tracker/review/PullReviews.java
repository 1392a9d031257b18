package io.bzzz.tracker.review;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.PullRequest;
import java.util.List;

/**
 * The pull request conversation of one repository: reviews, line comments, who may write, reactions
 * and merging. GitHub and Gitea share the paths except where noted in the adapters; every method
 * blocks and fails with a {@link io.bzzz.tracker.TrackerException}.
 */
public interface PullReviews {
  /** Open pull requests, any head. */
  List<PullRequest> openPullRequests();

  PullStatus pullStatus(int number);

  /** Submitted reviews, oldest first. */
  List<Review> reviews(int number);

  /** Line comments of every review, oldest first. */
  List<ReviewComment> reviewComments(int number);

  /** {@code GET /repos/{o}/{r}/collaborators/{user}/permission}; an unknown user has none. */
  Permission permission(String login);

  /** Adds a reaction ({@code eyes}, {@code +1}, ...) as the token's user; repeating is harmless. */
  void react(CommentKind kind, long commentId, String content);

  /** Answers a line comment in its thread where the forge can, else on the conversation. */
  void replyToReviewComment(int number, long commentId, String body);

  /** Submits a review ({@code event}: {@link ReviewState#CHANGES_REQUESTED} etc.). */
  Review submitReview(int number, ReviewState event, String body, List<NewReviewComment> comments);

  /** Merges with a merge commit; fails when the forge refuses (not mergeable, head moved). */
  void merge(int number);

  /**
   * Claims a review round as attempt {@code seenAttempt + 1} of task {@code task} (see {@link
   * io.bzzz.tracker.claim.RoundClaim}); the claim comment, {@code note} plus the owner's marker,
   * goes to pull request {@code pull}.
   */
  ClaimResult claimRound(int task, int pull, int seenAttempt, AgentIdentity me, String note);
}
