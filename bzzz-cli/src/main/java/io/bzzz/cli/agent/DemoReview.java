package io.bzzz.cli.agent;

import io.bzzz.tracker.Comment;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.claim.ClaimBranch;
import io.bzzz.tracker.review.PullReviews;
import io.bzzz.tracker.review.PullStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * The demo's review round (docs/review.md): once the first pull request is open, the demo's
 * reviewer (a collaborator with write access and a trusted author of the agents) asks for a change
 * with a {@code bzzz-script} block; an agent answers with a second commit on the same branch and a
 * reply. Each step is printed once; {@link #finished} tells the demo it may end.
 */
final class DemoReview {
  static final String REVIEWER = "reviewer";
  static final String REQUEST =
      """
      @bzzz please add a review note.

      ```bzzz-script
      mkdir -p notes
      printf '%s\\n' 'reviewed' > notes/review.txt
      echo wrote notes/review.txt
      ```
      """;

  private final String baseUrl;
  private final String repo;
  private final String reviewerToken;
  private Optional<PullRequest> asked = Optional.empty();
  private String headBefore = "";
  private boolean finished;

  DemoReview(String baseUrl, String repo, String reviewerToken) {
    this.baseUrl = baseUrl;
    this.repo = repo;
    this.reviewerToken = reviewerToken;
  }

  boolean finished() {
    return finished;
  }

  /** One look at the tracker; prints what changed. */
  void step(Tracker client, PrintWriter out) {
    if (finished || !(client instanceof PullReviews reviews)) {
      return;
    }
    if (asked.isEmpty()) {
      List<PullRequest> open = reviews.openPullRequests();
      Optional<PullRequest> first =
          open.stream().filter(p -> ClaimBranch.parse(p.head()).isPresent()).findFirst();
      if (first.isEmpty()) {
        return;
      }
      headBefore = reviews.pullStatus(first.get().number()).headSha();
      DemoForge.comment(baseUrl, reviewerToken, repo, first.get().number(), REQUEST);
      asked = first;
      out.printf(
          "review   PR #%-3d %s asked for a change (a bzzz-script block)%n",
          first.get().number(), REVIEWER);
      out.flush();
      return;
    }
    int number = asked.get().number();
    PullStatus now = reviews.pullStatus(number);
    List<Comment> comments = client.comments(number);
    boolean replied = comments.stream().anyMatch(c -> c.body().startsWith("> @" + REVIEWER));
    if (replied && !now.headSha().equals(headBefore)) {
      out.printf(
          "review   PR #%-3d second commit %s on %s, reply posted%n",
          number,
          now.headSha().substring(0, Math.min(12, now.headSha().length())),
          now.pull().head());
      out.flush();
      finished = true;
    } else if (!now.open()) {
      finished = true; // merged or closed by someone meanwhile: nothing more to show
    }
  }
}
