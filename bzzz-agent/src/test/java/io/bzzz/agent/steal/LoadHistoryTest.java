package io.bzzz.agent.steal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoadHistoryTest {
  private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

  @Test
  void overloadedOnlyAfterTheWholeSustainPeriodAboveTheThreshold() {
    LoadHistory h = new LoadHistory(Duration.ofSeconds(30), Duration.ofSeconds(1));
    for (int s = 0; s < 30; s++) {
      h.record(T0.plusSeconds(s), 0.95);
      assertThat(h.overloaded(T0.plusSeconds(s))).as("at %d s", s).isFalse();
    }
    h.record(T0.plusSeconds(30), 0.95);
    assertThat(h.overloaded(T0.plusSeconds(30))).isTrue();
    assertThat(h.idle(T0.plusSeconds(30))).isFalse();
    // one reading at 0.8 (not above) starts the period again
    h.record(T0.plusSeconds(31), 0.8);
    h.record(T0.plusSeconds(32), 0.95);
    assertThat(h.overloaded(T0.plusSeconds(32))).isFalse();
    assertThat(h.overloaded(T0.plusSeconds(62))).as("stale by then").isFalse();
  }

  @Test
  void idleWhileTheLatestFreshReadingIsBelowTheThreshold() {
    LoadHistory h = new LoadHistory(Duration.ofSeconds(30), Duration.ofSeconds(1));
    assertThat(h.idle(T0)).as("no reading yet").isFalse();
    h.record(T0, 0.1);
    assertThat(h.idle(T0)).isTrue();
    assertThat(h.idle(T0.plusSeconds(4))).as("the sampler stopped").isFalse();
    h.record(T0.plusSeconds(1), 0.3);
    assertThat(h.idle(T0.plusSeconds(1))).isFalse();
    h.record(T0.plusSeconds(2), Double.NaN); // an unreadable probe counts as 0, as in Machine
    assertThat(h.latest(T0.plusSeconds(2))).contains(0.0);
  }
}
