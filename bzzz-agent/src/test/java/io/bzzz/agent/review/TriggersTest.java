package io.bzzz.agent.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.tracker.Comment;
import io.bzzz.tracker.claim.CommentMarker;
import io.bzzz.tracker.review.Review;
import io.bzzz.tracker.review.ReviewComment;
import io.bzzz.tracker.review.ReviewState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class TriggersTest {
  private static final ReviewSettings SETTINGS =
      new ReviewSettings(
          "bzzz", 5, Duration.ZERO, Duration.ofSeconds(1), Set.of("Bot"), Set.of(), false);
  private static final Predicate<String> AGENT = SETTINGS::isAgent;

  @Test
  void onlyRequestsAfterTheCursorFromPeopleCount() {
    List<Comment> comments =
        List.of(
            new Comment(1, "rita", "@bzzz old", false),
            new Comment(2, "rita", "@BZZZ please", false),
            new Comment(3, "rita", "@bzzzbot is someone else, so is x@bzzz", false),
            new Comment(4, "bot", "@bzzz from an agent user", false),
            new Comment(5, "rita", "@bzzz quoted\n<!-- bzzz-comment 12 -->", false),
            new Comment(6, "rita", "no mention", false));
    List<Review> reviews =
        List.of(
            new Review(10, "rita", ReviewState.CHANGES_REQUESTED, "fix"),
            new Review(11, "rita", ReviewState.APPROVED, "@bzzz fine"),
            new Review(12, "rita", ReviewState.COMMENTED, "just a note"),
            new Review(13, "rita", ReviewState.COMMENTED, "@bzzz do this"));
    List<ReviewComment> lines =
        List.of(new ReviewComment(20, 12, "rita", "rename", "a.txt", 3, false));

    List<Trigger> found =
        Triggers.find(comments, reviews, lines, new Cursor(0, 0, 1), SETTINGS, AGENT);

    assertThat(found)
        .extracting(t -> t.kind() + ":" + t.id())
        .containsExactly("REVIEW:10", "REVIEW:13", "REVIEW_COMMENT:20", "ISSUE_COMMENT:2");
    assertThat(found.get(2).where()).isEqualTo("a.txt:3");
    assertThat(Triggers.find(comments, reviews, lines, new Cursor(13, 20, 6), SETTINGS, AGENT))
        .isEmpty();
  }

  @Test
  void anAnswerPostedAsAnotherAgentsUserAsksNothing() {
    // an agent posting as a user this agent does not know as an agent's: its answer quotes the
    // request, mention included, and would be a new request but for the hidden comment marker the
    // tracker client appends to everything Bzzz posts
    Trigger asked =
        new Trigger(Trigger.Kind.ISSUE_COMMENT, 2, "rita", "@bzzz please", "", 0, false);
    Trigger line =
        new Trigger(Trigger.Kind.REVIEW_COMMENT, 20, "rita", "@bzzz x", "a.txt", 3, false);
    String answer =
        CommentMarker.fresh(new SplittableRandom(1))
            .appendTo(ReviewRound.answerBody(asked, "Done: @bzzz changed it."));
    assertThat(answer).contains("@bzzz please");
    List<Comment> comments = List.of(new Comment(7, "other-agent", answer, false));
    List<ReviewComment> lines =
        List.of(
            new ReviewComment(
                21,
                12,
                "other-agent",
                CommentMarker.fresh(new SplittableRandom(2))
                    .appendTo(ReviewRound.answerBody(line, "@bzzz done")),
                "a.txt",
                3,
                false));

    assertThat(Triggers.find(comments, List.of(), lines, new Cursor(0, 0, 0), SETTINGS, AGENT))
        .isEmpty();
    // the same words without the marker would have been a request
    assertThat(
            Triggers.find(
                List.of(new Comment(7, "other-agent", "> @rita: @bzzz please", false)),
                List.of(),
                List.of(),
                new Cursor(0, 0, 0),
                SETTINGS,
                AGENT))
        .hasSize(1);
  }

  @Test
  void roundMarkersAreReadOnlyFromAgents() {
    RoundMarker m = new RoundMarker(3, 4, 1, RoundMarker.WORK, new Cursor(5, 6, 7));
    List<Comment> comments =
        List.of(
            new Comment(1, "bot", "picked up\n\n" + m.format(), false),
            new Comment(
                2,
                "mallory",
                new RoundMarker(3, 4, 9, RoundMarker.WORK, new Cursor(99, 99, 99)).format(),
                false));
    assertThat(RoundMarker.in(comments, 4, AGENT)).containsExactly(m);
    assertThat(RoundMarker.in(comments, 5, AGENT)).isEmpty();
  }
}
