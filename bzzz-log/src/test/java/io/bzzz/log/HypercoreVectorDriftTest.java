package io.bzzz.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.testing.ChildProcess;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reruns interop/hypercore-vectors.mjs with the pinned npm hypercore: the vectors must not drift.
 */
@Tag("interop")
class HypercoreVectorDriftTest {
  @Test
  void committedVectorsEqualAFreshRun() throws Exception {
    try (ChildProcess node = ChildProcess.node("hypercore-vectors.mjs")) {
      assertThat(node.awaitExit(Duration.ofMinutes(2))).as(node.describe()).isZero();
      String fresh = String.join("\n", node.stdoutLines());
      ObjectMapper json = new ObjectMapper();
      assertThat(json.readTree(fresh)).isEqualTo(HypercoreVectors.load());
    }
  }
}
