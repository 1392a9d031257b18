package io.bzzz.agent.schedule.sim;

import io.bzzz.agent.capability.Capabilities;
import io.bzzz.agent.coordination.Payload.TaskBid;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.schedule.AuctionBook;
import io.bzzz.agent.schedule.CapabilityMatch;
import io.bzzz.agent.schedule.PerformanceHistory;
import io.bzzz.agent.schedule.Score;
import io.bzzz.agent.schedule.ScoreWeights;
import io.bzzz.agent.schedule.Scorer;
import io.bzzz.agent.task.PollRota;
import io.bzzz.agent.task.TaskRanking;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Agents, a tracker and a mesh in one process on a virtual clock (milliseconds): the real {@link
 * AuctionBook}, {@link Scorer} and {@link PollRota} of the agent, with the network and the
 * tracker's claim reduced to delays. Used by the auction's tests and by the placement and scale
 * benchmarks (bench/auction). Mode {@code ROTA} is today's first-come rota: the poller of the slot
 * claims what it can; {@code AUCTION} opens a round per task instead.
 */
public final class AuctionSim {
  public enum Mode {
    ROTA,
    AUCTION
  }

  /** An agent: capabilities, slots and a speed (work units per second). */
  public static final class Agent {
    public final String id;
    final Capabilities caps;
    final int slots;
    final double speed;
    int running;
    boolean alive = true;

    /** Agents hear each other only within a group (a partition); the tracker hears everyone. */
    public int group;

    /** Never claims (a winner killed before claiming). */
    public boolean mute;

    double busySlotMillis;
    int done;
    public AuctionBook book;
    final PerformanceHistory history = new PerformanceHistory();
    long wakeAt = Long.MAX_VALUE;

    public Agent(String id, List<String> caps, int slots, double speed) {
      this.id = id;
      this.caps = new Capabilities(4, 8L << 30, List.of(), List.of(), List.of(), caps);
      this.slots = slots;
      this.speed = speed;
    }
  }

  /** A task: labels, work in units (seconds at speed 1), arrival time. */
  public static final class Task {
    public final TaskRef ref;
    final List<String> labels;
    final double work;
    final long arrival;
    public String owner;
    long claimedAt = -1;
    long doneAt = -1;
    long discoveredAt = -1;
    boolean ownerWasBest;
    public int executions;

    public Task(int number, List<String> labels, double work, long arrivalMillis) {
      this.ref = new TaskRef("gitea", "o/r", number);
      this.labels = List.copyOf(labels);
      this.work = work;
      this.arrival = arrivalMillis;
    }
  }

  /** The network and tracker in milliseconds, and the auction's parameters. */
  public record Config(
      Mode mode,
      long pollMillis,
      long netDelayMillis,
      long netJitterMillis,
      long trackerMillis,
      Duration window,
      Duration claimTimeout,
      double minMatch,
      ScoreWeights weights,
      long seed) {
    public static Config defaults(Mode mode) {
      return new Config(
          mode,
          5_000,
          10,
          20,
          30,
          Duration.ofMillis(400),
          Duration.ofSeconds(3),
          CapabilityMatch.DEFAULT_MIN,
          ScoreWeights.DEFAULT,
          1);
    }

    public Config withPoll(long millis) {
      return new Config(
          mode,
          millis,
          netDelayMillis,
          netJitterMillis,
          trackerMillis,
          window,
          claimTimeout,
          minMatch,
          weights,
          seed);
    }
  }

  /** What one run measured. */
  public record Result(
      long makespanMillis,
      double bestShare,
      double utilisationVariance,
      long published,
      long delivered,
      long claimAttempts,
      long claimLosses,
      double meanDecisionMillis,
      double p95DecisionMillis,
      int tasksDone,
      int duplicateExecutions) {}

  private record Event(long at, long seq, Runnable run) {}

  private final Config config;
  private final List<Agent> agents;
  private final List<Task> tasks;
  private final Map<TaskRef, Task> byRef = new HashMap<>();
  private final Map<String, Agent> byId = new HashMap<>();
  private final PriorityQueue<Event> events =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final Random random;
  private long now;
  private long seq;
  private long published;
  private long delivered;
  private long claimAttempts;
  private long claimLosses;
  private int doneCount;
  private final List<Long> decisions = new ArrayList<>();

  public AuctionSim(Config config, List<Agent> agents, List<Task> tasks) {
    this.config = config;
    this.agents = agents;
    this.tasks = tasks;
    this.random = new Random(config.seed());
    for (Agent a : agents) {
      byId.put(a.id, a);
      a.book =
          new AuctionBook(
              a.id,
              config.window(),
              config.claimTimeout(),
              (t, labels, round, deadline) -> bid(a, t, labels, round, deadline));
    }
    tasks.forEach(t -> byRef.put(t.ref, t));
  }

  public Agent agent(String id) {
    return byId.get(id);
  }

  public Task task(int number) {
    return byRef.get(new TaskRef("gitea", "o/r", number));
  }

  /** At {@code at} ms, run {@code what} (a test's fault: kill, partition, heal). */
  public void at(long at, Runnable what) {
    schedule(at, what);
  }

  /** At {@code at} ms, agent {@code id} finds task {@code number} (a push announcement). */
  public void announce(long at, String id, int number) {
    schedule(
        at,
        () -> {
          Agent a = byId.get(id);
          Task t = task(number);
          if (t.discoveredAt < 0) {
            t.discoveredAt = now;
          }
          act(a, a.book.open(t.ref, t.labels, instant()));
        });
  }

  /** Runs without polls (only announcements and the faults scheduled with {@link #at}). */
  public Result runAnnounced(long untilMillis) {
    return drain(untilMillis);
  }

  public void kill(String id) {
    byId.get(id).alive = false;
  }

  public Result run(long untilMillis) {
    for (long t = 0; t <= untilMillis; t += config.pollMillis()) {
      long at = t;
      schedule(at, this::poll);
    }
    return drain(untilMillis);
  }

  private Result drain(long untilMillis) {
    while (!events.isEmpty()) {
      Event e = events.poll();
      if (e.at > untilMillis) {
        break;
      }
      now = e.at;
      e.run.run();
      if (doneCount == tasks.size()) {
        break;
      }
    }
    return result();
  }

  private Result result() {
    long first = tasks.stream().mapToLong(t -> t.arrival).min().orElse(0);
    long last = tasks.stream().mapToLong(t -> t.doneAt).max().orElse(0);
    long makespan = Math.max(1, last - first);
    double[] util = new double[agents.size()];
    for (int i = 0; i < util.length; i++) {
      Agent a = agents.get(i);
      util[i] = a.busySlotMillis / (a.slots * (double) makespan);
    }
    double mean = java.util.Arrays.stream(util).average().orElse(0);
    double var =
        java.util.Arrays.stream(util).map(u -> (u - mean) * (u - mean)).average().orElse(0);
    long claimed = tasks.stream().filter(t -> t.owner != null).count();
    long best = tasks.stream().filter(t -> t.owner != null && t.ownerWasBest).count();
    List<Long> sorted = decisions.stream().sorted().toList();
    double p95 =
        sorted.isEmpty()
            ? 0
            : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.95) - 1));
    return new Result(
        makespan,
        claimed == 0 ? 0 : best / (double) claimed,
        var,
        published,
        delivered,
        claimAttempts,
        claimLosses,
        decisions.stream().mapToLong(Long::longValue).average().orElse(0),
        p95,
        (int) tasks.stream().filter(t -> t.doneAt >= 0).count(),
        tasks.stream().mapToInt(t -> Math.max(0, t.executions - 1)).sum());
  }

  private void schedule(long at, Runnable what) {
    events.add(new Event(at, seq++, what));
  }

  private Instant instant() {
    return Instant.ofEpochMilli(now);
  }

  // ---- scoring: the real Scorer on simulated load

  private Scorer.Inputs inputs(Agent a) {
    double busy = a.running / (double) a.slots;
    return new Scorer.Inputs() {
      @Override
      public Capabilities capabilities() {
        return a.caps;
      }

      @Override
      public int slotsInUse() {
        return a.running;
      }

      @Override
      public int maxSlots() {
        return a.slots;
      }

      @Override
      public double cpu() {
        return busy;
      }

      @Override
      public double memoryUsed() {
        return 0.2 + 0.5 * busy;
      }

      @Override
      public double freeDisk() {
        return 0.8;
      }

      @Override
      public double performance(List<String> labels) {
        return a.history.term(labels);
      }
    };
  }

  private Optional<Score> score(Agent a, List<String> labels) {
    if (!a.alive || a.running >= a.slots) {
      return Optional.empty();
    }
    return Scorer.score(config.weights(), config.minMatch(), inputs(a), labels);
  }

  private Optional<TaskBid> bid(
      Agent a, TaskRef task, List<String> labels, String round, Instant deadline) {
    return score(a, labels)
        .map(
            s ->
                new TaskBid(
                    task,
                    a.id,
                    s.total(),
                    new TaskBid.Terms(s.capability(), s.load(), s.performance(), s.resources()),
                    round,
                    deadline,
                    labels,
                    a.slots - a.running,
                    false));
  }

  // ---- polling

  private void poll() {
    List<String> free =
        agents.stream().filter(a -> a.alive && a.running < a.slots).map(a -> a.id).toList();
    if (free.isEmpty()) {
      return;
    }
    Agent poller = byId.get(PollRota.poller("o/r@" + now / config.pollMillis(), free));
    List<Task> open = tasks.stream().filter(t -> t.arrival <= now && t.owner == null).toList();
    for (Task t : open) {
      if (t.discoveredAt < 0) {
        t.discoveredAt = now;
      }
    }
    if (config.mode() == Mode.ROTA) {
      List<Task> mine = TaskRanking.rank(open, t -> t.labels, t -> t.ref.number(), poller.caps);
      int slots = poller.slots - poller.running;
      for (Task t : mine) {
        if (slots-- <= 0) {
          break;
        }
        poller.running++; // the slot is taken before the claim, as in the task loop
        tryClaim(poller, t, true);
      }
    } else {
      for (Task t : open) {
        act(poller, poller.book.open(t.ref, t.labels, instant()));
      }
    }
  }

  // ---- the auction's actions

  private void act(Agent a, List<AuctionBook.Action> actions) {
    for (AuctionBook.Action action : actions) {
      switch (action) {
        case AuctionBook.Publish p -> broadcast(a, p.bid());
        case AuctionBook.Claim c -> {
          Task t = byRef.get(c.task());
          if (a.alive && !a.mute && a.running < a.slots && a.caps.missing(t.labels).isEmpty()) {
            a.running++;
            tryClaim(a, t, true);
          }
        }
      }
    }
    wake(a);
  }

  private void wake(Agent a) {
    Optional<Instant> next = a.book.nextWake();
    if (next.isEmpty()) {
      return;
    }
    long at = Math.max(now, next.get().toEpochMilli());
    if (at >= a.wakeAt && a.wakeAt > now) {
      return; // an earlier wake is already scheduled
    }
    a.wakeAt = at;
    schedule(
        at,
        () -> {
          if (a.wakeAt == at) {
            a.wakeAt = Long.MAX_VALUE;
          }
          if (a.alive) {
            act(a, a.book.tick(instant()));
          }
        });
  }

  /**
   * One publication reaches every other live agent of the sender's group after one delay (a gossip
   * hop and its jitter, drawn once per message: one event per message, not per receiver, so that
   * 1000 agents fit in memory).
   */
  private void broadcast(Agent from, TaskBid bid) {
    deliverToGroup(from, to -> act(to, to.book.onBid(bid, instant())));
  }

  private void announceClaimed(Agent from, TaskRef task) {
    deliverToGroup(from, to -> to.book.onClaimed(task));
  }

  private void deliverToGroup(Agent from, java.util.function.Consumer<Agent> receive) {
    published++;
    long delay = config.netDelayMillis() + (long) (random.nextDouble() * config.netJitterMillis());
    int group = from.group;
    for (Agent to : agents) {
      if (to != from && to.alive && to.group == group) {
        delivered++;
      }
    }
    schedule(
        now + delay,
        () -> {
          for (Agent to : agents) {
            if (to != from && to.alive && to.group == group) {
              receive.accept(to);
            }
          }
        });
  }

  // ---- the tracker: the first claim wins (the atomic ref), later ones lose

  private void tryClaim(Agent a, Task t, boolean slotTaken) {
    claimAttempts++;
    boolean wasBest = isBest(a, t);
    schedule(
        now + config.trackerMillis(),
        () -> {
          if (t.owner != null || !a.alive) {
            claimLosses++;
            if (slotTaken) {
              a.running--;
            }
            return;
          }
          t.owner = a.id;
          t.claimedAt = now;
          t.ownerWasBest = wasBest;
          t.executions++;
          decisions.add(now - t.discoveredAt);
          a.book.onClaimed(t.ref);
          announceClaimed(a, t.ref);
          long took = duration(a, t);
          a.busySlotMillis += took;
          schedule(
              now + took,
              () -> {
                a.running--;
                a.done++;
                t.doneAt = now;
                doneCount++;
                a.history.record(t.labels, true, Duration.ofMillis(took));
              });
        });
  }

  /** Work over speed; each preference the agent lacks makes the task take half as long again. */
  private static long duration(Agent a, Task t) {
    long unmet =
        CapabilityMatch.preferences(t.labels).stream()
            .map(p -> p.substring("prefers:".length()))
            .filter(p -> !a.caps.names().contains(p))
            .count();
    return (long) (t.work * 1000 / a.speed * (1 + 0.5 * unmet));
  }

  /**
   * Whether {@code a} scores highest (ties allowed) among the agents that could take {@code t} now
   * (alive, a free slot, required capabilities met), its own slot counted as free.
   */
  private boolean isBest(Agent a, Task t) {
    a.running--;
    try {
      Optional<Score> mine = Scorer.score(config.weights(), 0, inputs(a), t.labels);
      if (mine.isEmpty()) {
        return false;
      }
      for (Agent o : agents) {
        if (o == a || !o.alive || o.running >= o.slots) {
          continue;
        }
        Optional<Score> s = Scorer.score(config.weights(), 0, inputs(o), t.labels);
        if (s.isPresent() && s.get().total() > mine.get().total() + 1e-9) {
          return false;
        }
      }
      return true;
    } finally {
      a.running++;
    }
  }
}
