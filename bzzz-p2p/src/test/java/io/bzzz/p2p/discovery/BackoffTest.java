package io.bzzz.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
  private final Random random = new Random(3);

  @Test
  void doublesWithJitterUpToTheCap() {
    assertThat(backoff.delay(0, random)).isZero();
    for (int failures = 1; failures <= 10; failures++) {
      long nominal = Math.min(60_000, 1000L << (failures - 1));
      Duration d = backoff.delay(failures, random);
      assertThat(d.toMillis()).isBetween(nominal * 3 / 4, nominal);
    }
    assertThat(backoff.delay(Integer.MAX_VALUE, random))
        .isLessThanOrEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
