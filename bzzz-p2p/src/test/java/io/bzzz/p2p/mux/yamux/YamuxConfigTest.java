package io.bzzz.p2p.mux.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class YamuxConfigTest {
  @Test
  void defaultsFollowTheSpecAndTheReferenceImplementations() {
    YamuxConfig config = YamuxConfig.defaults();
    assertThat(config.initialWindow()).isEqualTo(256 * 1024);
    assertThat(config.maxWindow()).isEqualTo(16 * 1024 * 1024);
    assertThat(config.maxUnackedOutbound()).isEqualTo(256);
    assertThat(config.maxFramePayload()).isEqualTo(64 * 1024);
    assertThat(config.keepAliveEnabled()).isTrue();
  }

  @Test
  void rejectsInconsistentValues() {
    YamuxConfig d = YamuxConfig.defaults();
    assertThatThrownBy(() -> d.withWindows(1024, 16 * 1024 * 1024, 64L << 20))
        .hasMessageContaining("initialWindow must be at least 262144");
    assertThatThrownBy(() -> d.withWindows(1024 * 1024, 512 * 1024, 64L << 20))
        .hasMessageContaining("below initialWindow");
    assertThatThrownBy(() -> d.withWindows(256 * 1024, 1024 * 1024, -1))
        .hasMessageContaining("windowGrowthBudget is negative");
    assertThatThrownBy(() -> d.withStreamLimits(0, 1)).hasMessageContaining("maxStreams");
    assertThatThrownBy(() -> d.withWriteTimeout(Duration.ZERO)).hasMessageContaining("positive");
    assertThat(d.withKeepAlive(Duration.ZERO, Duration.ofSeconds(1)).keepAliveEnabled()).isFalse();
  }
}
