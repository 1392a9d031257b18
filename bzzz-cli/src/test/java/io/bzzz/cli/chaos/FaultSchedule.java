package io.bzzz.cli.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * The agents' {@code --availability-interval} in a chaos run. A silent peer is suspect after 3
   * intervals and confirmed gone by the next majority vote, so the confirmation takes 3 to 4
   * intervals: 18–24 s. It must be longer than an agent's kill and restart (down 1–5 s, then a JVM
   * start that took up to 12 s on this loaded 2-core machine), so that a restarted owner keeps its
   * claims and finishes its own pending deliveries instead of having its work redone; and shorter
   * than a host cut-off ({@link #MIN_CUT}), so that a cut-off's claims are taken over.
   */
  static final Duration AVAILABILITY_INTERVAL = Duration.ofSeconds(6);

  /** The longest confirmation: 3 silent intervals, then one more for the majority's votes. */
  static final Duration CONFIRMATION = AVAILABILITY_INTERVAL.multipliedBy(4);

  /** The longest an agent stays down before its restart is begun. */
  static final Duration MAX_AGENT_DOWN = Duration.ofSeconds(5);

  /** The slowest agent restart seen here (JVM start to first broadcast, six JVMs on 2 cores). */
  static final Duration SLOWEST_RESTART = Duration.ofSeconds(12);

  /** A host cut-off lasts at least this: past the confirmation and a poll to take the claims. */
  static final Duration MIN_CUT = CONFIRMATION.plusSeconds(11);

  /**
   * Time left after a fault on a target is undone before the next fault on the same target: the
   * restart of a killed process should be over (it takes longer under heavy load), otherwise the
   * next fault finds the target still down and waits for it ({@link FaultInjector}).
   */
  static final Duration COME_BACK = Duration.ofSeconds(20);

  /** {@code target} is an agent index for AGENT_KILL, a host index for HOST_CUT/LINK_DEGRADE. */
  record Fault(Duration at, Kind kind, int target, Duration length) {
    /** What the fault acts on; two faults on one target never overlap. */
    String targetName() {
      return switch (kind) {
        case AGENT_KILL -> "agent-" + target;
        case TRACKER_KILL -> "tracker";
        case HOST_CUT -> "host-" + target;
        case LINK_DEGRADE -> "link-" + target;
      };
    }

    Duration end() {
      return at.plus(length);
    }
  }

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
            new Fault(Duration.ofSeconds(25), Kind.HOST_CUT, 1, MIN_CUT),
            // agent 3 is on host 0: the cut-off of host 1 is still on at 50 s
            new Fault(Duration.ofSeconds(50), Kind.AGENT_KILL, 3, Duration.ofSeconds(1)),
            new Fault(Duration.ofMinutes(1), Kind.TRACKER_KILL, -1, Duration.ofSeconds(8)),
            new Fault(Duration.ofSeconds(75), Kind.AGENT_KILL, 2, Duration.ofSeconds(3))));
  }

  /**
   * A randomised schedule over {@code minutes}: the same mandatory faults as CI (two tracker
   * restarts, one host cut, the degraded link) at random times, plus an agent kill every 15–45 s.
   * Faults on one target are spaced ({@link #spaced}): a short run draws overlapping ones, and the
   * second of two overlapping tracker kills used to be skipped, leaving the run one restart short.
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
            MIN_CUT.plusSeconds(random.nextInt(20))));
    for (long t = 10L + random.nextInt(20); t < span; t += 15 + random.nextInt(31)) {
      faults.add(
          new Fault(
              Duration.ofSeconds(t),
              Kind.AGENT_KILL,
              random.nextInt(topology.agents()),
              Duration.ofSeconds(1 + random.nextInt((int) MAX_AGENT_DOWN.toSeconds()))));
    }
    return new FaultSchedule(spaced(faults));
  }

  /**
   * The faults in time order, each moved later if needed so that it begins at least {@link
   * #COME_BACK} after the previous fault on its target was undone.
   */
  static List<Fault> spaced(List<Fault> faults) {
    Map<String, Duration> free = new HashMap<>();
    List<Fault> out = new ArrayList<>();
    for (Fault f : faults.stream().sorted(Comparator.comparing(Fault::at)).toList()) {
      Duration earliest = free.getOrDefault(f.targetName(), Duration.ZERO);
      Fault placed =
          f.at().compareTo(earliest) >= 0
              ? f
              : new Fault(earliest, f.kind(), f.target(), f.length());
      free.put(f.targetName(), placed.end().plus(COME_BACK));
      out.add(placed);
    }
    return out;
  }

  /** When the last fault is over. */
  Duration end() {
    return faults.stream().map(Fault::end).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
  }
}
