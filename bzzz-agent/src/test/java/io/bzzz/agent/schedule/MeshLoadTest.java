package io.bzzz.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeshLoadTest {
  @Test
  void varianceIsZeroWhenWorkIsEvenAndGrowsWithImbalance() {
    assertThat(MeshLoad.variance(List.of())).isZero();
    assertThat(MeshLoad.variance(List.of(0.5, 0.5, 0.5))).isZero();
    assertThat(MeshLoad.variance(List.of(1.0, 0.0))).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void hotspotsAreFullAgentsWhileOthersHaveRoom() {
    assertThat(MeshLoad.hotspots(List.of(1.0, 0.8, 0.2))).isEqualTo(2);
    assertThat(MeshLoad.hotspots(List.of(1.0, 1.0))).as("all full: no hotspot, just busy").isZero();
    assertThat(MeshLoad.hotspots(List.of(0.1, 0.5))).isZero();
  }
}
