package io.bzzz.agent.review;

import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.review.PullReviews;

/**
 * A repository whose pull requests the review loop watches.
 *
 * @param kind the tracker's name on the mesh ({@code gitea}, {@code github})
 */
public record WatchedRepo(String repository, String kind, Tracker tracker, PullReviews reviews) {
  /** The tracker when it also serves pull request reviews (both forge adapters do). */
  public static java.util.Optional<WatchedRepo> of(String repository, String kind, Tracker t) {
    return t instanceof PullReviews r
        ? java.util.Optional.of(new WatchedRepo(repository, kind, t, r))
        : java.util.Optional.empty();
  }
}
