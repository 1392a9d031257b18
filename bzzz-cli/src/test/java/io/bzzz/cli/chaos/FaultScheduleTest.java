package io.bzzz.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.cli.chaos.FaultSchedule.Fault;
import io.bzzz.cli.chaos.FaultSchedule.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chaos schedules as data: no processes, no network. */
class FaultScheduleTest {
  private static final ChaosTopology TOPOLOGY = new ChaosTopology(5, 3, 100, 3);

  @Test
  void theShortSeed4ScheduleNoLongerOverlapsItsTwoTrackerKills() {
    // seed 4 over one minute drew tracker kills at 20 s (7 s) and 35 s: the second one found the
    // tracker still coming back and was skipped
    List<Fault> tracker =
        FaultSchedule.random(4, 1, TOPOLOGY).faults().stream()
            .filter(f -> f.kind() == Kind.TRACKER_KILL)
            .toList();

    assertThat(tracker).hasSize(2);
    assertThat(tracker.get(1).at())
        .isGreaterThanOrEqualTo(tracker.get(0).end().plus(FaultSchedule.COME_BACK));
  }

  @Test
  void randomSchedulesNeverOverlapFaultsOnOneTargetAndCarryEveryKind() {
    for (long seed = 1; seed <= 100; seed++) {
      for (int minutes = 1; minutes <= 5; minutes++) {
        FaultSchedule s = FaultSchedule.random(seed, minutes, TOPOLOGY);
        String which = "seed " + seed + ", " + minutes + " min";
        Map<String, Duration> free = new HashMap<>();
        for (Fault f : s.faults()) {
          Duration earliest = free.getOrDefault(f.targetName(), Duration.ZERO);
          assertThat(f.at()).as(which + ": " + f).isGreaterThanOrEqualTo(earliest);
          free.put(f.targetName(), f.end().plus(FaultSchedule.COME_BACK));
        }
        assertThat(s.faults().stream().map(Fault::kind).distinct())
            .as(which)
            .containsExactlyInAnyOrder(Kind.values());
        assertThat(s.faults().stream().filter(f -> f.kind() == Kind.TRACKER_KILL)).hasSize(2);
        assertThat(s.faults()).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
      }
    }
  }

  @Test
  void spacingMovesOnlyTheFaultsThatWouldOverlapTheirTarget() {
    Fault first = fault(10, Kind.TRACKER_KILL, -1, 7);
    Fault overlapping = fault(15, Kind.TRACKER_KILL, -1, 4);
    Fault other = fault(12, Kind.AGENT_KILL, 2, 3);
    Fault laterSameAgent = fault(80, Kind.AGENT_KILL, 2, 3);

    List<Fault> spaced =
        FaultSchedule.spaced(new ArrayList<>(List.of(overlapping, laterSameAgent, first, other)));

    assertThat(spaced)
        .containsExactly(
            first,
            other,
            fault(17 + FaultSchedule.COME_BACK.toSeconds(), Kind.TRACKER_KILL, -1, 4),
            laterSameAgent);
  }

  @Test
  void theLivenessTimesOfTheRunKeepRestartsUnderTheConfirmationAndCutsOverIt() {
    Duration suspicion = FaultSchedule.AVAILABILITY_INTERVAL.multipliedBy(3);
    assertThat(FaultSchedule.MAX_AGENT_DOWN.plus(FaultSchedule.SLOWEST_RESTART))
        .as("a killed agent is back before anyone suspects it")
        .isLessThan(suspicion);
    for (FaultSchedule s :
        List.of(FaultSchedule.ci(TOPOLOGY), FaultSchedule.random(7, 5, TOPOLOGY))) {
      assertThat(s.faults())
          .filteredOn(f -> f.kind() == Kind.HOST_CUT)
          .allSatisfy(
              f -> assertThat(f.length()).isGreaterThan(FaultSchedule.CONFIRMATION.plusSeconds(10)))
          .isNotEmpty();
      assertThat(s.faults())
          .filteredOn(f -> f.kind() == Kind.AGENT_KILL)
          .allSatisfy(
              f -> assertThat(f.length()).isLessThanOrEqualTo(FaultSchedule.MAX_AGENT_DOWN));
    }
  }

  private static Fault fault(long at, Kind kind, int target, long length) {
    return new Fault(Duration.ofSeconds(at), kind, target, Duration.ofSeconds(length));
  }
}
