package io.bzzz.p2p.mux.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class ReceiveWindowTest {
  private static final int KIB = 1024;
  private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
  private static final Optional<Duration> RTT = Optional.of(Duration.ofMillis(10));
  private static final LongUnaryOperator UNLIMITED = LongUnaryOperator.identity();

  @Test
  void rejectsDataBeyondTheCredit() throws YamuxProtocolException {
    ReceiveWindow window = new ReceiveWindow(256 * KIB, 16 * 1024 * KIB, T0);
    window.receive(256 * KIB - 1, 5);
    window.receive(1, 5);
    assertThatThrownBy(() -> window.receive(1, 5))
        .isInstanceOf(YamuxProtocolException.class)
        .hasMessageContaining(
            "window exceeded on stream 5: 1 bytes sent with 0 bytes of window left");
  }

  @Test
  void grantsCreditBackOnceHalfTheWindowIsConsumed() throws YamuxProtocolException {
    ReceiveWindow window = new ReceiveWindow(256 * KIB, 16 * 1024 * KIB, T0);
    window.receive(200 * KIB, 1);
    assertThat(window.consume(100 * KIB, T0.plusSeconds(1), RTT, UNLIMITED)).isZero();
    assertThat(window.consume(28 * KIB, T0.plusSeconds(2), RTT, UNLIMITED)).isEqualTo(128 * KIB);
    assertThat(window.credit()).isEqualTo(184 * KIB);
    assertThat(window.size()).isEqualTo(256 * KIB);
  }

  @Test
  void doublesTheWindowWhenUpdatesComeFasterThanFourRoundTrips() throws YamuxProtocolException {
    ReceiveWindow window = new ReceiveWindow(256 * KIB, 1024 * KIB, T0);
    window.receive(128 * KIB, 1);
    long delta = window.consume(128 * KIB, T0.plusMillis(39), RTT, UNLIMITED);
    assertThat(delta).isEqualTo(128 * KIB + 256 * KIB);
    assertThat(window.size()).isEqualTo(512 * KIB);
    assertThat(window.credit()).isEqualTo(512 * KIB);

    window.receive(256 * KIB, 1);
    assertThat(window.consume(256 * KIB, T0.plusMillis(40), RTT, UNLIMITED))
        .isEqualTo(256 * KIB + 512 * KIB);
    assertThat(window.size()).isEqualTo(1024 * KIB);

    window.receive(512 * KIB, 1);
    assertThat(window.consume(512 * KIB, T0.plusMillis(41), RTT, UNLIMITED))
        .as("never beyond the maximum")
        .isEqualTo(512 * KIB);
    assertThat(window.size()).isEqualTo(1024 * KIB);
  }

  @Test
  void keepsTheWindowWhenTheReaderIsSlowOrTheRttUnknown() throws YamuxProtocolException {
    ReceiveWindow window = new ReceiveWindow(256 * KIB, 1024 * KIB, T0);
    window.receive(128 * KIB, 1);
    assertThat(window.consume(128 * KIB, T0.plusMillis(40), RTT, UNLIMITED)).isEqualTo(128 * KIB);
    window.receive(128 * KIB, 1);
    assertThat(window.consume(128 * KIB, T0.plusMillis(41), Optional.empty(), UNLIMITED))
        .isEqualTo(128 * KIB);
    assertThat(window.size()).isEqualTo(256 * KIB);
  }

  @Test
  void growsOnlyAsFarAsTheSessionBudgetAllows() throws YamuxProtocolException {
    long[] budget = {100 * KIB};
    LongUnaryOperator session =
        wanted -> {
          long granted = Math.min(wanted, budget[0]);
          budget[0] -= granted;
          return granted;
        };
    ReceiveWindow window = new ReceiveWindow(256 * KIB, 1024 * KIB, T0);
    window.receive(128 * KIB, 1);
    assertThat(window.consume(128 * KIB, T0.plusMillis(1), RTT, session))
        .isEqualTo(128 * KIB + 100 * KIB);
    assertThat(window.size()).isEqualTo(356 * KIB);
    assertThat(budget[0]).isZero();
    window.receive(178 * KIB, 1);
    assertThat(window.consume(178 * KIB, T0.plusMillis(2), RTT, session)).isEqualTo(178 * KIB);
    assertThat(window.size()).isEqualTo(356 * KIB);
  }
}
