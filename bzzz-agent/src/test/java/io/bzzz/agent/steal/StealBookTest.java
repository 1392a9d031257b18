package io.bzzz.agent.steal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.Payload.TaskOffer;
import io.bzzz.agent.coordination.TaskRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StealBookTest {
  private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");
  private static final TaskRef TASK = new TaskRef("gitea", "o/r", 1);
  private static final Duration WINDOW = Duration.ofSeconds(2);

  private static TaskOffer offer(int attempt, Instant deadline) {
    return new TaskOffer(TASK, attempt, "bzzz/task-1", "owner", "cpu", 0.9, List.of(), deadline);
  }

  @Test
  void theBetterScoreIsDueFirstAndAClaimHeardMeanwhileSilencesTheOther() {
    StealBook best = new StealBook(WINDOW);
    StealBook worse = new StealBook(WINDOW);
    StealBook.Take b = best.offer(offer(1, T0.plus(WINDOW)), 0.9, T0).orElseThrow();
    StealBook.Take w = worse.offer(offer(1, T0.plus(WINDOW)), 0.4, T0).orElseThrow();
    assertThat(b.due()).isEqualTo(T0.plusMillis(100)); // 1 s × (1 − 0.9)
    assertThat(w.due()).isEqualTo(T0.plusMillis(600));
    assertThat(best.due(T0.plusMillis(100))).containsExactly(b);
    // the best one's claim of attempt 2 reaches the other before its turn
    worse.claimed(TASK, 2, "best");
    assertThat(worse.due(T0.plusMillis(600))).isEmpty();
    assertThat(worse.offer(offer(1, T0.plus(WINDOW)), 0.4, T0.plusMillis(700))).isEmpty();
  }

  @Test
  void aFarDeadlineIsPulledInAndAnExpiredOfferIsDropped() {
    StealBook book = new StealBook(WINDOW);
    StealBook.Take t = book.offer(offer(1, T0.plus(Duration.ofHours(1))), 0, T0).orElseThrow();
    assertThat(t.deadline()).isEqualTo(T0.plus(WINDOW));
    assertThat(book.due(T0.plus(WINDOW))).isEmpty();
    assertThat(book.plannedCount()).isZero();
    assertThat(book.offer(offer(1, T0.minusSeconds(1)), 1, T0)).isEmpty();
  }

  @Test
  void aRepeatedOfferIsPlannedOnceAndALaterAttemptReplacesIt() {
    StealBook book = new StealBook(WINDOW);
    assertThat(book.offer(offer(1, T0.plus(WINDOW)), 1, T0)).isPresent();
    assertThat(book.offer(offer(1, T0.plus(WINDOW)), 1, T0)).isEmpty();
    assertThat(book.offer(offer(2, T0.plus(WINDOW)), 1, T0)).isPresent();
    assertThat(book.due(T0)).singleElement().satisfies(t -> assertThat(t.attempt()).isEqualTo(2));
  }

  @Test
  void plansAreBounded() {
    StealBook book = new StealBook(WINDOW);
    for (int n = 1; n <= StealBook.MAX_PLANNED + 10; n++) {
      book.offer(
          new TaskOffer(
              new TaskRef("gitea", "o/r", n),
              1,
              "b",
              "owner",
              "cpu",
              0.9,
              List.of(),
              T0.plus(WINDOW)),
          0.5,
          T0);
    }
    assertThat(book.plannedCount()).isEqualTo(StealBook.MAX_PLANNED);
  }
}
