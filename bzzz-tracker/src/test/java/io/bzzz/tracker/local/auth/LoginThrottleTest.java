package io.bzzz.tracker.local.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.tracker.fake.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final LoginThrottle throttle =
      new LoginThrottle(clock, 3, Duration.ofMinutes(10), Duration.ofMinutes(5));

  @Test
  void locksAfterTheLimitAndOpensAfterTheLockout() {
    throttle.failed("bob");
    throttle.failed("bob");
    assertThatCode(() -> throttle.check("bob")).doesNotThrowAnyException();
    throttle.failed("bob");
    assertThatThrownBy(() -> throttle.check("bob"))
        .isInstanceOfSatisfying(
            LoginThrottled.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(300));
    assertThatCode(() -> throttle.check("alice")).doesNotThrowAnyException();

    clock.sleep(Duration.ofMinutes(4));
    assertThatThrownBy(() -> throttle.check("bob"))
        .isInstanceOfSatisfying(
            LoginThrottled.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(60));
    clock.sleep(Duration.ofMinutes(1));
    assertThatCode(() -> throttle.check("bob")).doesNotThrowAnyException();
  }

  @Test
  void failuresOutsideTheWindowDoNotAddUp() {
    throttle.failed("bob");
    throttle.failed("bob");
    clock.sleep(Duration.ofMinutes(11));
    throttle.failed("bob");
    assertThatCode(() -> throttle.check("bob")).doesNotThrowAnyException();
  }

  @Test
  void successStartsTheCountAgain() {
    throttle.failed("bob");
    throttle.failed("bob");
    throttle.succeeded("bob");
    throttle.failed("bob");
    throttle.failed("bob");
    assertThatCode(() -> throttle.check("bob")).doesNotThrowAnyException();
  }
}
