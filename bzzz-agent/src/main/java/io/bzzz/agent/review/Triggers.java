package io.bzzz.agent.review;

import io.bzzz.tracker.Comment;
import io.bzzz.tracker.review.Review;
import io.bzzz.tracker.review.ReviewComment;
import io.bzzz.tracker.review.ReviewState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Picks the requests for a change out of a pull request's conversation, before any permission is
 * checked: reviews asking for changes, line comments, reviews and conversation comments that
 * mention the handle, all after the cursor. What agents wrote (their logins, or Bzzz's hidden
 * markers) is never a request, so the loop cannot feed itself. A pure function.
 */
final class Triggers {
  private static final String HIDDEN_MARKER = "<!-- bzzz-";

  private Triggers() {}

  static List<Trigger> find(
      List<Comment> comments,
      List<Review> reviews,
      List<ReviewComment> lines,
      Cursor cursor,
      ReviewSettings settings,
      java.util.function.Predicate<String> isAgent) {
    Pattern mention =
        Pattern.compile(
            "(?<![A-Za-z0-9_])"
                + Pattern.quote(settings.handle().toLowerCase(Locale.ROOT))
                + "(?![A-Za-z0-9_-])");
    List<Trigger> out = new ArrayList<>();
    for (Review r : reviews) {
      if (cursor.covers(Trigger.Kind.REVIEW, r.id()) || byAgent(isAgent, r.author(), r.body())) {
        continue;
      }
      boolean mentions = mention.matcher(r.body().toLowerCase(Locale.ROOT)).find();
      if (r.state() == ReviewState.CHANGES_REQUESTED
          || (r.state() == ReviewState.COMMENTED && mentions)) {
        // A review body cannot be edited on Gitea and GitHub keeps no edit flag in this API:
        // treat it as unedited only when it cannot have changed, i.e. never for trust purposes.
        out.add(new Trigger(Trigger.Kind.REVIEW, r.id(), r.author(), r.body(), "", 0, false));
      }
    }
    for (ReviewComment l : lines) {
      if (cursor.covers(Trigger.Kind.REVIEW_COMMENT, l.id())
          || byAgent(isAgent, l.author(), l.body())) {
        continue;
      }
      out.add(
          new Trigger(
              Trigger.Kind.REVIEW_COMMENT,
              l.id(),
              l.author(),
              l.body(),
              l.path(),
              l.line(),
              l.edited()));
    }
    for (Comment c : comments) {
      if (cursor.covers(Trigger.Kind.ISSUE_COMMENT, c.id())
          || byAgent(isAgent, c.author(), c.body())) {
        continue;
      }
      if (mention.matcher(c.body().toLowerCase(Locale.ROOT)).find()) {
        out.add(
            new Trigger(
                Trigger.Kind.ISSUE_COMMENT, c.id(), c.author(), c.body(), "", 0, c.edited()));
      }
    }
    return out;
  }

  static boolean byAgent(java.util.function.Predicate<String> isAgent, String author, String body) {
    return isAgent.test(author) || body.contains(HIDDEN_MARKER);
  }
}
