package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CapabilityRefreshTest {
  private final CapabilityRefresh refresh = new CapabilityRefresh();

  @Test
  void everyTenthBeatSaysTheCapabilitiesAgain() {
    List<Integer> said = new ArrayList<>();
    for (int beat = 1; beat <= 30; beat++) {
      if (refresh.beat().isPresent()) {
        said.add(beat);
      }
    }
    assertThat(said).containsExactly(10, 20, 30);
  }

  @Test
  void aNewcomerIsToldOnceMoreAtTheNextBeatOnly() {
    refresh.beat();
    refresh.peerJoined();
    refresh.peerJoined(); // two newcomers in one interval: one repeat covers both
    assertThat(refresh.beat()).contains(CapabilityRefresh.PEER_JOINED);
    assertThat(refresh.beat()).isEqualTo(Optional.empty());
  }
}
