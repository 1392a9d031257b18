package io.bzzz.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.cli.chaos.FaultSchedule.Fault;
import io.bzzz.cli.chaos.FaultSchedule.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The fault injector against recorded actions instead of processes: what it injects, undoes and
 * defers when faults overlap, fail or take long. Times are milliseconds; assertions are about what
 * happened, never about when.
 */
class FaultInjectorTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<String> notes = new CopyOnWriteArrayList<>();

  @Test
  void aFaultOnATargetThatIsStillDownWaitsUntilItIsBack() {
    // the second tracker kill falls into the first one's outage
    FaultSchedule schedule =
        new FaultSchedule(
            List.of(fault(0, Kind.TRACKER_KILL, -1, 1500), fault(100, Kind.TRACKER_KILL, -1, 50)));

    try (FaultInjector injector = run(schedule, recording())) {
      await().atMost(WAIT).until(injector::finished);
      assertThat(calls)
          .containsExactly("inject tracker", "undo tracker", "inject tracker", "undo tracker");
      assertThat(injector.injected()).containsExactly(Map.entry(Kind.TRACKER_KILL, 2));
      assertThat(notes).singleElement().asString().startsWith("deferred");
    }
  }

  @Test
  void aFaultOnATargetStillComingBackWaitsForTheRestartInsteadOfKillingIt() {
    // the tracker's restart is under way (slow, as under load) when the next kill is due
    CountDownLatch secondDue = new CountDownLatch(1);
    FaultInjector.Actions slowRestart =
        new Recording() {
          @Override
          public void undo(Fault f) throws Exception {
            assertThat(secondDue.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            super.undo(f);
          }
        };
    FaultSchedule schedule =
        new FaultSchedule(
            List.of(fault(0, Kind.TRACKER_KILL, -1, 10), fault(200, Kind.TRACKER_KILL, -1, 10)));

    try (FaultInjector injector = run(schedule, slowRestart)) {
      await().atMost(WAIT).until(() -> !notes.isEmpty());
      secondDue.countDown();
      await().atMost(WAIT).until(injector::finished);
      assertThat(calls)
          .containsExactly("inject tracker", "undo tracker", "inject tracker", "undo tracker");
      assertThat(notes).singleElement().asString().startsWith("deferred");
    }
  }

  @Test
  void anUndoThatFailsIsTriedAgainUntilTheTargetIsBack() {
    AtomicInteger failures = new AtomicInteger(2);
    FaultInjector.Actions flakyRestart =
        new Recording() {
          @Override
          public void undo(Fault f) throws Exception {
            if (failures.getAndDecrement() > 0) {
              throw new AssertionError("tracker: no matching stdout line");
            }
            super.undo(f);
          }
        };
    FaultSchedule schedule = new FaultSchedule(List.of(fault(0, Kind.TRACKER_KILL, -1, 10)));

    try (FaultInjector injector = run(schedule, flakyRestart)) {
      await().atMost(WAIT).until(injector::finished);
      assertThat(calls).containsExactly("inject tracker", "undo tracker");
      assertThat(notes).hasSize(2).allSatisfy(n -> assertThat(n).contains("trying again"));
    }
  }

  @Test
  void slowRestartsDoNotHoldUpOtherFaults() {
    // five agents restart only once the tracker is back (as if each waited for it); with a fixed
    // pool of four workers the tracker's restart queued behind them and nothing ever came back
    CountDownLatch trackerBack = new CountDownLatch(1);
    FaultInjector.Actions waitingRestarts =
        new Recording() {
          @Override
          public void undo(Fault f) throws Exception {
            if (f.kind() == Kind.AGENT_KILL) {
              assertThat(trackerBack.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
            super.undo(f);
            if (f.kind() == Kind.TRACKER_KILL) {
              trackerBack.countDown();
            }
          }
        };
    List<Fault> faults = new ArrayList<>();
    for (int a = 0; a < 5; a++) {
      faults.add(fault(0, Kind.AGENT_KILL, a, 10));
    }
    faults.add(fault(100, Kind.TRACKER_KILL, -1, 10));

    try (FaultInjector injector = run(new FaultSchedule(faults), waitingRestarts)) {
      await().atMost(WAIT).until(injector::finished);
      assertThat(calls).filteredOn(c -> c.startsWith("undo")).hasSize(6);
      assertThat(calls.indexOf("undo tracker")).isLessThan(calls.indexOf("undo agent-0"));
      assertThat(notes).isEmpty();
    }
  }

  @Test
  void theShortSeed4ScheduleInjectsAndUndoesEveryFault() {
    // scripts/chaos --minutes 1 --tasks 30 --seed 4, a second played as 20 ms
    FaultSchedule seconds = FaultSchedule.random(4, 1, new ChaosTopology(5, 3, 30, 3));
    FaultSchedule schedule =
        new FaultSchedule(
            seconds.faults().stream()
                .map(
                    f ->
                        new Fault(
                            Duration.ofMillis(20 * f.at().toSeconds()),
                            f.kind(),
                            f.target(),
                            Duration.ofMillis(20 * f.length().toSeconds())))
                .toList());

    try (FaultInjector injector = run(schedule, recording())) {
      await().atMost(WAIT).until(injector::finished);
      assertThat(notes).isEmpty();
      assertThat(injector.injected().get(Kind.TRACKER_KILL)).isEqualTo(2);
      assertThat(calls.stream().filter(c -> c.startsWith("inject")).count())
          .isEqualTo(schedule.faults().size());
      assertThat(calls.stream().filter(c -> c.startsWith("undo")).count())
          .isEqualTo(schedule.faults().size());
    }
  }

  private FaultInjector run(FaultSchedule schedule, FaultInjector.Actions actions) {
    FaultInjector injector =
        new FaultInjector(schedule, actions, Duration.ofMillis(20), notes::add, line -> {});
    injector.start();
    return injector;
  }

  private Recording recording() {
    return new Recording();
  }

  private class Recording implements FaultInjector.Actions {
    @Override
    public void inject(Fault f) throws Exception {
      calls.add("inject " + f.targetName());
    }

    @Override
    public void undo(Fault f) throws Exception {
      calls.add("undo " + f.targetName());
    }
  }

  private static Fault fault(long atMillis, Kind kind, int target, long lengthMillis) {
    return new Fault(Duration.ofMillis(atMillis), kind, target, Duration.ofMillis(lengthMillis));
  }
}
