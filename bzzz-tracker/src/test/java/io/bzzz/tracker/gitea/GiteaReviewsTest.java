package io.bzzz.tracker.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.fake.Connections;
import io.bzzz.tracker.fake.FakeGitea;
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

/**
 * The review loop's calls on Gitea's documented shapes, where they differ from GitHub's: review
 * states and events in Gitea's words, line comments read per review, one reactions endpoint,
 * answers to a line comment on the conversation, merge by {@code POST}. Round claims on Gitea are
 * raced in {@code ReviewLoopOnForgeFakesTest}.
 */
class GiteaReviewsTest {
  private static final RepoRef REPO = new RepoRef("octo", "sample");
  private ForgeModel model;
  private FakeGitea gitea;
  private GiteaTracker tracker;
  private ForgeModel.Issue pull;

  @BeforeEach
  void start() {
    model = new ForgeModel("octo", "sample", "octocat");
    gitea = new FakeGitea(model, "gitea-token");
    tracker = GiteaTracker.connect(Connections.unpaced(gitea.url(), REPO, "gitea-token"));
    ForgeModel.Issue issue = model.addIssue("Greet", "Say hello.", List.of("bzzz-task"));
    model.createBranch("bzzz/task-" + issue.number);
    pull = model.addPull("bzzz/task-" + issue.number, "main", "#1: Greet", "Closes #1");
  }

  @AfterEach
  void stop() {
    tracker.close();
    gitea.close();
  }

  @Test
  void reviewsLineCommentsPerReviewAndPermissionsAreRead() {
    model.permission("rita", "write");
    model.permission("rolf", "read");
    ForgeModel.ReviewRow first = model.addReview(pull, "rita", "CHANGES_REQUESTED", "Please fix.");
    model.addLineComment(pull, first.id(), "rita", "src/App.java", 12, "Rename this.", 0);
    ForgeModel.ReviewRow second = model.addReview(pull, "rita", "COMMENTED", "");
    model.addLineComment(pull, second.id(), "rita", "README.md", 3, "Typo.", 0);

    assertThat(tracker.reviews(pull.number))
        .containsExactly(
            new Review(first.id(), "rita", ReviewState.CHANGES_REQUESTED, "Please fix."),
            new Review(second.id(), "rita", ReviewState.COMMENTED, ""));
    List<ReviewComment> lines = tracker.reviewComments(pull.number);
    assertThat(lines).extracting(ReviewComment::path).containsExactly("src/App.java", "README.md");
    assertThat(lines).extracting(ReviewComment::line).containsExactly(12, 3);
    assertThat(lines).extracting(ReviewComment::reviewId).containsExactly(first.id(), second.id());
    assertThat(gitea.requests())
        .as("Gitea has no list of a pull request's line comments: one call per review")
        .filteredOn(s -> s.path().matches(".*/reviews/\\d+/comments"))
        .hasSize(2);
    assertThat(tracker.permission("rita")).isEqualTo(Permission.WRITE);
    assertThat(tracker.permission("rolf")).isEqualTo(Permission.READ);
    assertThat(tracker.permission("nobody")).isEqualTo(Permission.NONE); // 404
    assertThat(tracker.pullStatus(pull.number).open()).isTrue();
    assertThat(tracker.pullStatus(pull.number).merged()).isFalse();
    assertThat(tracker.openPullRequests()).extracting(p -> p.number()).containsExactly(pull.number);
  }

  @Test
  void reactionsAnswersReviewsAndMergeAreWritten() {
    ForgeModel.CommentRow c = model.addComment(pull, "rita", "@bzzz please");
    ForgeModel.ReviewRow r = model.addReview(pull, "rita", "COMMENTED", "");
    ForgeModel.LineCommentRow l =
        model.addLineComment(pull, r.id(), "rita", "a.txt", 1, "Change this.", 0);

    tracker.react(CommentKind.ISSUE_COMMENT, c.id(), "eyes");
    tracker.react(CommentKind.ISSUE_COMMENT, c.id(), "eyes"); // 200: already there
    tracker.react(CommentKind.REVIEW_COMMENT, l.id(), "eyes");
    assertThat(model.reactions).hasSize(2);
    assertThat(gitea.requests())
        .as("a line comment's reaction goes to the issue comments' endpoint")
        .anySatisfy(
            s -> assertThat(s.path()).endsWith("/issues/comments/" + l.id() + "/reactions"));
    assertThatThrownBy(() -> tracker.react(CommentKind.ISSUE_COMMENT, c.id(), "shrug"))
        .as("a reaction the instance does not allow is refused (403)")
        .isInstanceOf(TrackerException.class);

    tracker.replyToReviewComment(pull.number, l.id(), "Done.");
    assertThat(tracker.comments(pull.number))
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
    assertThat(tracker.reviewComments(pull.number))
        .filteredOn(x -> x.reviewId() == mine.id())
        .singleElement()
        .satisfies(x -> assertThat(x.line()).isEqualTo(2));
    assertThatThrownBy(
            () -> tracker.submitReview(pull.number, ReviewState.CHANGES_REQUESTED, " ", List.of()))
        .as("a change request needs a body (422)")
        .isInstanceOf(TrackerException.InvalidInput.class);

    tracker.merge(pull.number);
    assertThat(tracker.pullStatus(pull.number).merged()).isTrue();
    assertThat(tracker.pullStatus(pull.number).open()).isFalse();
    assertThatThrownBy(() -> tracker.merge(pull.number)).isInstanceOf(TrackerException.class);
  }
}
