package io.bzzz.cli.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * When each fault of a chaos run happens, to whom, and for how long. A schedule is data: the CI run
 * uses {@link #ci}, {@code scripts/chaos} a {@link #random} one from a seed, so a failing seed can
 * be replayed exactly.
 */
record FaultSchedule(List<Fault> faults) {

  enum Kind {
    /** SIGKILL an agent; it restarts with the same data directory after {@code length}. */
    AGENT_KILL("agent SIGKILL + restart"),
    /** A host's link goes down for {@code length}, longer than the liveness confirmation. */
    HOST_CUT("host cut off + healed"),
    /**
     * SIGKILL the tracker; it restarts on the same data directory and port after {@code length}.
     */
    TRACKER_KILL("tracker SIGKILL + restart"),
    /** 200 ms delay and 5 % loss on one host's link for {@code length}. */
    LINK_DEGRADE("link 200 ms delay + 5 % loss");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** {@code target} is an agent index for AGENT_KILL, a host index for HOST_CUT/LINK_DEGRADE. */
  record Fault(Duration at, Kind kind, int target, Duration length) {}

  FaultSchedule {
    faults = faults.stream().sorted(Comparator.comparing(Fault::at)).toList();
  }

  /**
   * The short fixed schedule CI runs: every kind at least once (two tracker restarts), the degraded
   * link from the start, within the first 75 s so that the run can settle afterwards.
   */
  static FaultSchedule ci(ChaosTopology topology) {
    int degraded = topology.agentHosts() - 1;
    return new FaultSchedule(
        List.of(
            new Fault(Duration.ZERO, Kind.LINK_DEGRADE, degraded, Duration.ofSeconds(90)),
            new Fault(Duration.ofSeconds(10), Kind.AGENT_KILL, 0, Duration.ofSeconds(2)),
            new Fault(Duration.ofSeconds(20), Kind.TRACKER_KILL, -1, Duration.ofSeconds(5)),
            new Fault(Duration.ofSeconds(30), Kind.HOST_CUT, 1, Duration.ofSeconds(15)),
            new Fault(Duration.ofSeconds(50), Kind.AGENT_KILL, 4, Duration.ofSeconds(1)),
            new Fault(Duration.ofMinutes(1), Kind.TRACKER_KILL, -1, Duration.ofSeconds(8)),
            new Fault(Duration.ofSeconds(75), Kind.AGENT_KILL, 2, Duration.ofSeconds(3))));
  }

  /**
   * A randomised schedule over {@code minutes}: the same mandatory faults as CI (two tracker
   * restarts, one host cut, the degraded link) at random times, plus an agent kill every 15–45 s.
   */
  static FaultSchedule random(long seed, int minutes, ChaosTopology topology) {
    Random random = new Random(seed);
    long span = Duration.ofMinutes(minutes).toSeconds();
    List<Fault> faults = new ArrayList<>();
    int degraded = random.nextInt(topology.agentHosts());
    faults.add(
        new Fault(
            Duration.ofSeconds(random.nextLong(span / 4)),
            Kind.LINK_DEGRADE,
            degraded,
            Duration.ofSeconds(span / 2)));
    for (int i = 0; i < 2; i++) {
      faults.add(
          new Fault(
              Duration.ofSeconds(5 + random.nextLong(span - 20)),
              Kind.TRACKER_KILL,
              -1,
              Duration.ofSeconds(2 + random.nextInt(20))));
    }
    faults.add(
        new Fault(
            Duration.ofSeconds(5 + random.nextLong(span / 2)),
            Kind.HOST_CUT,
            random.nextInt(topology.agentHosts()),
            Duration.ofSeconds(12 + random.nextInt(20))));
    for (long t = 10L + random.nextInt(20); t < span; t += 15 + random.nextInt(31)) {
      faults.add(
          new Fault(
              Duration.ofSeconds(t),
              Kind.AGENT_KILL,
              random.nextInt(topology.agents()),
              Duration.ofSeconds(1 + random.nextInt(5))));
    }
    return new FaultSchedule(faults);
  }

  /** When the last fault is over. */
  Duration end() {
    return faults.stream()
        .map(f -> f.at().plus(f.length()))
        .max(Comparator.naturalOrder())
        .orElse(Duration.ZERO);
  }
}
