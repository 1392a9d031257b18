package io.bzzz.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.bzzz.agent.capability.Capabilities;
import io.bzzz.agent.capability.Gpu;
import io.bzzz.log.entry.EntryType;
import io.bzzz.log.entry.LogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreTest {
  static Capabilities caps(List<String> configured, int gpus) {
    List<Gpu> g = java.util.Collections.nCopies(gpus, new Gpu("T4", 16384));
    return new Capabilities(4, 8L << 30, g, List.of(), List.of("git"), configured);
  }

  static Scorer.Inputs inputs(
      Capabilities caps, int inUse, int max, double cpu, double mem, double performance) {
    return new Scorer.Inputs() {
      @Override
      public Capabilities capabilities() {
        return caps;
      }

      @Override
      public int slotsInUse() {
        return inUse;
      }

      @Override
      public int maxSlots() {
        return max;
      }

      @Override
      public double cpu() {
        return cpu;
      }

      @Override
      public double memoryUsed() {
        return mem;
      }

      @Override
      public double freeDisk() {
        return 0.5;
      }

      @Override
      public double performance(List<String> labels) {
        return performance;
      }
    };
  }

  @Test
  void theTotalIsTheWeightedSumOfFourTermsInUnitRange() {
    Score s = Score.of(ScoreWeights.DEFAULT, 1, 0.5, 0.25, 2);
    assertThat(s.resources()).isEqualTo(1.0); // clamped
    assertThat(s.total()).isCloseTo(0.4 + 0.15 + 0.05 + 0.1, within(1e-9));
    assertThat(Score.of(ScoreWeights.DEFAULT, Double.NaN, -1, 0, 0).total()).isZero();
  }

  @Test
  void loadFallsWithSlotsCpuAndMemory() {
    assertThat(LoadSample.of(0, 2, 0, 0).term()).isEqualTo(1.0);
    assertThat(LoadSample.of(2, 2, 1, 1).term()).isZero();
    assertThat(LoadSample.of(1, 2, 0.5, 0.5).term()).isCloseTo(1 - 0.25 - 0.15 - 0.1, within(1e-9));
    assertThat(LoadSample.of(0, 4, 0.9, 0).term()).isLessThan(LoadSample.of(0, 4, 0.1, 0).term());
  }

  @Test
  void resourcesCountAGpuOnlyForTasksThatNameOne() {
    ResourceSample none = new ResourceSample(0.6, 0.4, 0);
    assertThat(none.term(List.of())).isCloseTo(0.5, within(1e-9));
    assertThat(none.term(List.of("prefers:gpu"))).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(new ResourceSample(0.6, 0.4, 1).term(List.of("needs:gpu")))
        .isCloseTo(2.0 / 3, within(1e-9));
  }

  @Test
  void theIdleAgentOutscoresTheLoadedOne() {
    Capabilities c = caps(List.of(), 0);
    Score idle =
        Scorer.score(ScoreWeights.DEFAULT, 0.7, inputs(c, 0, 2, 0.1, 0.3, 0.5), List.of())
            .orElseThrow();
    Score loaded =
        Scorer.score(ScoreWeights.DEFAULT, 0.7, inputs(c, 1, 2, 0.95, 0.8, 0.5), List.of())
            .orElseThrow();
    assertThat(idle.total()).isGreaterThan(loaded.total());
    assertThat(idle.capability()).isEqualTo(loaded.capability()).isEqualTo(1.0);
  }

  @Test
  void noBidWithoutAFreeSlot() {
    Scorer full =
        new Scorer(ScoreWeights.DEFAULT, 0.7, () -> inputs(caps(List.of(), 0), 2, 2, 0, 0, 0.5));
    assertThat(full.score(List.of())).isEmpty();
    assertThat(full.freeSlots()).isZero();
  }

  @Test
  void weightsParseAndRefuseNonsense() {
    assertThat(ScoreWeights.parse("0.4, 0.3,0.2,0.1")).isEqualTo(ScoreWeights.DEFAULT);
    assertThat(ScoreWeights.parse("1,0,0,0").capability()).isEqualTo(1.0);
    assertThatThrownBy(() -> ScoreWeights.parse("0.4,0.3")).hasMessageContaining("four weights");
    assertThatThrownBy(() -> ScoreWeights.parse("a,b,c,d")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> ScoreWeights.parse("2,0,0,0")).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> ScoreWeights.parse("0,0,0,0")).hasMessageContaining("above 0");
  }

  @Test
  void pastPerformanceComesFromTheLogByKindOfTask() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    PerformanceHistory h = new PerformanceHistory();
    assertThat(h.term(List.of("needs:gpu"))).isEqualTo(0.5); // no history: neutral
    h.observe(
        List.of(
            entry(EntryType.TASK_CLAIMED, 1, t0, List.of("needs:gpu")),
            entry(EntryType.TASK_COMPLETED, 1, t0.plusSeconds(60), null),
            entry(EntryType.TASK_CLAIMED, 2, t0, List.of("needs:gpu")),
            entry(EntryType.TASK_COMPLETED, 2, t0.plusSeconds(60), null),
            entry(EntryType.TASK_CLAIMED, 3, t0, List.of("bug")),
            entry(EntryType.TASK_FAILED, 3, t0.plusSeconds(5), null),
            entry(EntryType.TASK_CLAIMED, 4, t0, List.of()),
            entry(EntryType.TASK_FAILED, 4, t0.plusSeconds(5), null)));
    double gpu = h.term(List.of("needs:gpu", "bug"));
    double plain = h.term(List.of());
    // two successes of a minute: 0.7 * 3/4 + 0.3 * 300/360
    assertThat(gpu).isCloseTo(0.7 * 0.75 + 0.3 * 300 / 360.0, within(1e-9));
    assertThat(plain).isCloseTo(0.7 * 0.25 + 0.3 * 0.5, within(1e-9));
    assertThat(gpu).isGreaterThan(plain);
    // a kind never seen falls back to the overall history
    assertThat(h.term(List.of("needs:python3"))).isBetween(plain, gpu);
    h.record(List.of(), true, Duration.ofSeconds(1));
    assertThat(h.term(List.of())).isGreaterThan(plain);
  }

  static LogEntry entry(EntryType type, int number, Instant at, List<String> labels) {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var data = json.createObjectNode();
    data.putObject("task").put("tracker", "gitea").put("repository", "o/r").put("number", number);
    if (labels != null) {
      var a = data.putArray("labels");
      labels.forEach(a::add);
    }
    return new LogEntry(type, at, data);
  }
}
