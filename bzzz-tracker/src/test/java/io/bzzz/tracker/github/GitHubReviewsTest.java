package io.bzzz.tracker.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.fake.Connections;
import io.bzzz.tracker.fake.FakeGitHub;
import io.bzzz.tracker.fake.ForgeModel;
import io.bzzz.tracker.review.CommentKind;
import io.bzzz.tracker.review.NewReviewComment;
import io.bzzz.tracker.review.Permission;
import io.bzzz.tracker.review.Review;
import io.bzzz.tracker.review.ReviewComment;
import io.bzzz.tracker.review.ReviewState;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The review loop's calls on GitHub's documented shapes (the fake follows GitHub's docs). */
class GitHubReviewsTest {
  private static final RepoRef REPO = new RepoRef("octo", "sample");
  private ForgeModel model;
  private FakeGitHub github;
  private GitHubTracker tracker;
  private ForgeModel.Issue pull;

  @BeforeEach
  void start() {
    model = new ForgeModel("octo", "sample", "octocat");
    github = new FakeGitHub(model, "s3cret-token");
    tracker = GitHubTracker.connect(Connections.unpaced(github.url(), REPO, "s3cret-token"));
    ForgeModel.Issue issue = model.addIssue("Greet", "Say hello.", List.of("bzzz-task"));
    model.createBranch("bzzz/task-" + issue.number);
    pull = model.addPull("bzzz/task-" + issue.number, "main", "#1: Greet", "Closes #1");
  }

  @AfterEach
  void stop() {
    tracker.close();
    github.close();
  }

  @Test
  void reviewsLineCommentsAndPermissionsAreRead() {
    model.permission("rita", "write");
    model.permission("rolf", "read");
    ForgeModel.ReviewRow r = model.addReview(pull, "rita", "CHANGES_REQUESTED", "Please fix.");
    model.addLineComment(pull, r.id(), "rita", "src/App.java", 12, "Rename this.", 0);

    assertThat(tracker.reviews(pull.number))
        .containsExactly(new Review(r.id(), "rita", ReviewState.CHANGES_REQUESTED, "Please fix."));
    ReviewComment line = tracker.reviewComments(pull.number).getFirst();
    assertThat(line.path()).isEqualTo("src/App.java");
    assertThat(line.line()).isEqualTo(12);
    assertThat(line.reviewId()).isEqualTo(r.id());
    assertThat(tracker.permission("rita")).isEqualTo(Permission.WRITE);
    assertThat(tracker.permission("rolf")).isEqualTo(Permission.READ);
    assertThat(tracker.permission("nobody")).isEqualTo(Permission.NONE); // 404
    assertThat(tracker.pullStatus(pull.number).open()).isTrue();
    assertThat(tracker.openPullRequests()).extracting(p -> p.number()).containsExactly(pull.number);
  }

  @Test
  void reactionsRepliesReviewsAndMergeAreWritten() {
    ForgeModel.CommentRow c = model.addComment(pull, "rita", "@bzzz please");
    ForgeModel.ReviewRow r = model.addReview(pull, "rita", "COMMENTED", "");
    ForgeModel.LineCommentRow l =
        model.addLineComment(pull, r.id(), "rita", "a.txt", 1, "Change this.", 0);

    tracker.react(CommentKind.ISSUE_COMMENT, c.id(), "eyes");
    tracker.react(CommentKind.ISSUE_COMMENT, c.id(), "eyes"); // 200: already there
    tracker.react(CommentKind.REVIEW_COMMENT, l.id(), "eyes");
    assertThat(model.reactions).hasSize(2);
    assertThat(github.requests())
        .anySatisfy(s -> assertThat(s.path()).endsWith("/pulls/comments/" + l.id() + "/reactions"));

    tracker.replyToReviewComment(pull.number, l.id(), "Done.");
    assertThat(tracker.reviewComments(pull.number))
        .filteredOn(x -> x.author().equals("octocat"))
        .singleElement()
        .satisfies(x -> assertThat(x.body()).startsWith("Done."));

    Review mine =
        tracker.submitReview(
            pull.number,
            ReviewState.CHANGES_REQUESTED,
            "More.",
            List.of(new NewReviewComment("a.txt", 2, "And here.")));
    assertThat(mine.state()).isEqualTo(ReviewState.CHANGES_REQUESTED);

    tracker.merge(pull.number);
    assertThat(tracker.pullStatus(pull.number).merged()).isTrue();
    assertThatThrownBy(() -> tracker.merge(pull.number)).isInstanceOf(TrackerException.class);
  }

  @Test
  void aRoundIsClaimedOnceAsTheNextAttempt() {
    AgentIdentity a1 = AgentIdentity.named("a1");
    assertThat(tracker.claimRound(1, pull.number, 1, a1, "round 1"))
        .isInstanceOf(ClaimResult.Won.class);
    assertThat(tracker.claimRound(1, pull.number, 1, AgentIdentity.named("a2"), "round 1"))
        .isInstanceOf(ClaimResult.Lost.class);
    assertThat(model.branchNames()).contains("bzzz/task-1-a2");
    assertThat(tracker.comments(pull.number))
        .singleElement()
        .satisfies(x -> assertThat(x.body()).contains("bzzz-claim task=1 attempt=2"));
  }
}
