package io.bzzz.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.capability.Capabilities;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CapabilityMatchTest {
  static final Capabilities GPU_PY =
      new Capabilities(
          4, 1L << 30, List.of(), List.of("llama3.1:latest"), List.of("python3"), List.of("gpu"));

  @Test
  void aTaskStatingNothingMatchesFully() {
    assertThat(CapabilityMatch.of(GPU_PY, List.of("bug", "help wanted"))).contains(1.0);
  }

  @Test
  void requiredOnesAreMandatoryWhateverTheFraction() {
    List<String> labels =
        List.of("needs:cuda", "prefers:gpu", "prefers:python3", "prefers:model:llama3.1");
    assertThat(CapabilityMatch.of(GPU_PY, labels)).isEmpty(); // 3 of 4 met, but cuda is required
    assertThat(CapabilityMatch.bids(CapabilityMatch.of(GPU_PY, labels), 0)).isFalse();
  }

  @Test
  void preferencesCountAsAFraction() {
    assertThat(CapabilityMatch.of(GPU_PY, List.of("needs:gpu", "prefers:python3"))).contains(1.0);
    assertThat(CapabilityMatch.of(GPU_PY, List.of("needs:gpu", "prefers:rust"))).contains(0.5);
    assertThat(
            CapabilityMatch.of(
                GPU_PY,
                List.of(
                    "prefers:gpu", "prefers:python3", "prefers:model:llama3.1", "prefers:rust")))
        .contains(0.75);
  }

  @Test
  void belowTheThresholdNoBid() {
    Optional<Double> threeOfFour =
        CapabilityMatch.of(
            GPU_PY,
            List.of("prefers:gpu", "prefers:python3", "prefers:model:llama3.1", "prefers:rust"));
    Optional<Double> twoOfThree =
        CapabilityMatch.of(GPU_PY, List.of("needs:gpu", "prefers:python3", "prefers:rust"));
    assertThat(CapabilityMatch.bids(threeOfFour, CapabilityMatch.DEFAULT_MIN)).isTrue();
    assertThat(twoOfThree.orElseThrow())
        .isCloseTo(0.667, org.assertj.core.api.Assertions.within(0.001));
    assertThat(CapabilityMatch.bids(twoOfThree, CapabilityMatch.DEFAULT_MIN)).isFalse();
    assertThat(CapabilityMatch.bids(twoOfThree, 0.6)).isTrue();
    assertThat(CapabilityMatch.bids(Optional.of(0.7), 0.7)).isTrue(); // at the threshold bids
  }
}
