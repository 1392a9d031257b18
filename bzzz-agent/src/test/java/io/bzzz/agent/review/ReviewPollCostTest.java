package io.bzzz.agent.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.exec.Executor;
import io.bzzz.agent.testing.MutableClock;
import io.bzzz.tracker.http.CallObserver;
import io.bzzz.tracker.review.ReviewState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the review loop's poll costs: an open pull request that nobody touched since its last quiet
 * check is not read again (only the shared listing is), a comment or review makes the next poll
 * read it, and every {@link ReviewWatcher#FULL_CHECK_EVERY}th poll reads it anyway. Real local
 * tracker; the calls are counted by the agent's own HTTP client. The tracker and the watcher share
 * a clock the test moves, so stamps a second apart are not left to the machine's speed.
 */
class ReviewPollCostTest extends LocalReviewFixture {
  private static final String SCRIPT = "```bzzz-script\necho reviewed > review.txt\n```\n";

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));

  @Override
  InstantSource clock() {
    return clock;
  }

  /** Time for the last change's stamp to be older than the watcher's margin. */
  private void later() {
    clock.advance(ReviewWatcher.STAMP_MARGIN.plusSeconds(1));
  }

  @Override
  Executor executor() {
    return scriptExecutor();
  }

  private ReviewWatcher countedWatcher() {
    CallObserver counting =
        (String method, String route, OptionalInt status, Duration elapsed) ->
            calls.add(method + " " + route);
    return watcher("a1", 5, Duration.ZERO, agent -> false, client(server.adminToken(), counting));
  }

  /** The calls of one poll. */
  private List<String> poll(ReviewWatcher w) throws InterruptedException {
    calls.clear();
    w.checkAll();
    return List.copyOf(calls);
  }

  @Test
  void anUnchangedPullRequestIsReadOnlyAfterItChanges() throws Exception {
    ReviewWatcher w = countedWatcher();
    assertThat(poll(w)).contains("GET pulls/*", "GET issues/*/comments", "GET pulls/*/reviews");
    assertThat(poll(w)).as("a stamp as new as the clock: read again").contains("GET pulls/*");
    later();
    assertThat(poll(w)).contains("GET pulls/*");
    assertThat(poll(w)).containsExactly("GET pulls");

    String before = head();
    reviewerClient.submitReview(
        pull.number(), ReviewState.CHANGES_REQUESTED, "Please add a note.\n\n" + SCRIPT, List.of());
    assertThat(poll(w)).contains("GET pulls/*/reviews");
    assertThat(commitsSince(before)).hasSize(1);
    assertThat(replies()).hasSize(1);

    // the round's own reply moved the pull request: read once more, found quiet, then skipped
    later();
    assertThat(poll(w)).contains("GET pulls/*");
    assertThat(poll(w)).containsExactly("GET pulls");

    say(readerToken, "@bzzz please\n\n" + SCRIPT); // a reader: read, nothing done
    later();
    assertThat(poll(w)).contains("GET issues/*/comments");
    assertThat(poll(w)).containsExactly("GET pulls");
    assertThat(commitsSince(before)).hasSize(1);
  }

  @Test
  void everyTenthPollReadsEveryOpenPullRequestAnyway() throws Exception {
    ReviewWatcher w = countedWatcher();
    later();
    assertThat(poll(w)).contains("GET pulls/*");
    for (int i = 1; i < ReviewWatcher.FULL_CHECK_EVERY; i++) {
      assertThat(poll(w)).as("poll %d", i).containsExactly("GET pulls");
    }
    assertThat(poll(w)).contains("GET pulls/*", "GET issues/*/comments");
  }
}
