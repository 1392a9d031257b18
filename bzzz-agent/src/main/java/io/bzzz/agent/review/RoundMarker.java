package io.bzzz.agent.review;

import io.bzzz.tracker.Comment;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hidden line in a round's claim comment on the pull request, which every agent reads back:
 * {@code <!-- bzzz-review task=12 pull=13 round=2 kind=work reviews=5 review_comments=7 comments=9
 * -->}. The ids are the cursor the round covers, so a comment is handled by one round only,
 * whichever agent answered it and across restarts; {@code kind=limit} marks the round that asked a
 * human instead.
 */
public record RoundMarker(int task, int pull, int round, String kind, Cursor cursor) {
  public static final String WORK = "work";
  public static final String LIMIT = "limit";

  private static final Pattern MARKER =
      Pattern.compile(
          "<!-- bzzz-review task=(\\d{1,10}) pull=(\\d{1,10}) round=(\\d{1,6}) kind=(work|limit)"
              + " reviews=(\\d{1,19}) review_comments=(\\d{1,19}) comments=(\\d{1,19}) -->");

  private static final Pattern DONE =
      Pattern.compile("<!-- bzzz-review-done pull=(\\d{1,10}) round=(\\d{1,6}) -->");

  /**
   * The hidden line on a round's last answer: the round finished. A round without it whose claimant
   * the mesh confirms gone did not answer; its requests are open again.
   */
  public static String done(int pull, int round) {
    return "<!-- bzzz-review-done pull=" + pull + " round=" + round + " -->";
  }

  /** The rounds of {@code pull} that agents marked finished. */
  public static Set<Integer> finished(List<Comment> comments, int pull, Predicate<String> isAgent) {
    Set<Integer> rounds = new HashSet<>();
    for (Comment c : comments) {
      if (!isAgent.test(c.author())) {
        continue;
      }
      Matcher m = DONE.matcher(c.body());
      while (m.find()) {
        if (Long.parseLong(m.group(1)) == pull) {
          rounds.add(Integer.parseInt(m.group(2)));
        }
      }
    }
    return rounds;
  }

  public String format() {
    return "<!-- bzzz-review task="
        + task
        + " pull="
        + pull
        + " round="
        + round
        + " kind="
        + kind
        + " reviews="
        + cursor.review()
        + " review_comments="
        + cursor.reviewComment()
        + " comments="
        + cursor.comment()
        + " -->";
  }

  /**
   * The markers of pull request {@code pull} among comments posted by {@code isAgent} users (a
   * marker typed by anyone else is ignored: it must not move the cursor past real requests).
   */
  public static List<RoundMarker> in(List<Comment> comments, int pull, Predicate<String> isAgent) {
    return comments.stream()
        .filter(c -> isAgent.test(c.author()))
        .map(c -> parse(c.body()))
        .flatMap(Optional::stream)
        .filter(m -> m.pull() == pull)
        .toList();
  }

  static Optional<RoundMarker> parse(String body) {
    Matcher m = MARKER.matcher(body);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new RoundMarker(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              m.group(4),
              new Cursor(
                  Long.parseLong(m.group(5)),
                  Long.parseLong(m.group(6)),
                  Long.parseLong(m.group(7)))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
