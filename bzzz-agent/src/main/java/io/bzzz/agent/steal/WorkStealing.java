package io.bzzz.agent.steal;

import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.Payload.TaskOffer;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.tracker.TrackerException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work stealing (docs/scheduling.md#work-stealing). As an owner: a claimed task whose workspace is
 * not yet prepared waits in {@link #awaitStart} while the machine is overloaded, and is offered
 * ({@code task_offer}) to idle peers; a peer that takes it over claims the next attempt, which
 * fences this agent out, and the task does not start here. As a taker: an offer heard while this
 * agent is idle, has a free slot and can do the task is taken after a delay that is shorter the
 * better its score, unless a later attempt was heard claimed first.
 *
 * <p>One thread of its own samples the load and carries out the takes (the claim itself goes to the
 * task loop through {@link Taker}); the mesh's receive thread only hands messages in.
 */
public final class WorkStealing implements StartGate, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkStealing.class);

  /** Offers waiting to be looked at by the thread; more are dropped. */
  private static final int MAX_INCOMING = 256;

  /**
   * Claims the next attempt of an offered task unless {@code deadline} has passed when the claim is
   * about to be made (the owner starts the task itself one window after it); tells {@code won} the
   * ref's answer.
   */
  public interface Taker {
    void take(TaskRef task, String offerer, int attempt, Instant deadline, Consumer<Boolean> won);
  }

  /** Writes a {@code task_progress} entry to the signed log. */
  public interface Recorder {
    void record(TaskRef task, Map<String, Object> fields);
  }

  /**
   * What work stealing reads and acts through.
   *
   * @param load the machine's CPU load in [0, 1] ({@code Machine::cpu}, or a test's)
   * @param score this agent's score for a task with these labels; empty when it may not take it
   * @param watched whether this agent watches the repository
   * @param active whether the task is already in hand here
   * @param livePeer whether a peer id is live in the peer table
   * @param someoneCouldTake whether some live peer is available and has the task's required
   *     capabilities (otherwise an offer would only delay the task)
   */
  public record Ports(
      DoubleSupplier load,
      Consumer<Payload> publisher,
      Taker taker,
      Recorder recorder,
      Function<List<String>, Optional<Double>> score,
      IntSupplier freeSlots,
      Predicate<String> watched,
      Predicate<TaskRef> active,
      Predicate<String> livePeer,
      Predicate<List<String>> someoneCouldTake) {}

  private final String self;
  private final StealSettings settings;
  private final Ports ports;
  private final InstantSource clock;
  private final LoadHistory history;
  private final StealCounters counters = new StealCounters();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final StealBook book;
  private final Deque<TaskOffer> incoming = new ArrayDeque<>();
  private boolean closed;
  private final Thread thread;

  public WorkStealing(String self, StealSettings settings, Ports ports, InstantSource clock) {
    this.self = self;
    this.settings = settings;
    this.ports = ports;
    this.clock = clock;
    this.history = new LoadHistory(settings.sustain(), settings.sampleEvery());
    this.book = new StealBook(settings.window());
    sample(clock.instant());
    this.thread = Thread.ofVirtual().name("work-stealing").start(this::run);
  }

  @Override
  public void awaitStart(Queued q) throws InterruptedException {
    for (int round = 1; round <= StealSettings.ROUNDS; round++) {
      Instant now = clock.instant();
      if (!history.overloaded(now) || !ports.someoneCouldTake().test(q.labels())) {
        return;
      }
      double load = history.latest(now).orElse(1.0);
      Instant deadline = now.plus(settings.window());
      ports
          .publisher()
          .accept(
              new TaskOffer(
                  q.task(), q.attempt(), q.branch(), self, "cpu", load, q.labels(), deadline));
      counters.offersSent.incrementAndGet();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("stage", "offered");
      entry.put("attempt", q.attempt());
      entry.put("round", round);
      entry.put("reason", "cpu");
      entry.put("load", load);
      ports.recorder().record(q.task(), entry);
      q.status().accept("queued: CPU overloaded, offered to idle peers (round " + round + ")");
      log.atInfo()
          .addKeyValue("task", q.task())
          .addKeyValue("attempt", q.attempt())
          .addKeyValue("load", load)
          .addKeyValue("round", round)
          .log("overloaded: offering a task not yet started");
      awaitTaker(q.task(), q.attempt(), deadline.plus(settings.window()));
      try {
        q.fence().run();
      } catch (TrackerException.Superseded e) {
        gaveAway(q);
        throw e;
      }
    }
    log.atInfo()
        .addKeyValue("task", q.task())
        .log("nobody took the offered task; starting it here");
  }

  /** Feeds a message heard on the mesh: offers, and claims (a later attempt ends an offer). */
  public void onMessage(Envelope env) {
    switch (env.data()) {
      case Payload.TaskClaimed c -> {
        lock.lock();
        try {
          book.claimed(c.task(), c.attempt(), c.nodeId());
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
      case TaskOffer o -> {
        counters.offersReceived.incrementAndGet();
        if (!o.offerer().equals(env.from())
            || o.offerer().equals(self)
            || !ports.livePeer().test(o.offerer())) {
          counters.offersIgnored.incrementAndGet();
          return;
        }
        lock.lock();
        try {
          if (incoming.size() < MAX_INCOMING) {
            incoming.add(o);
            changed.signalAll();
          }
        } finally {
          lock.unlock();
        }
      }
      default -> {}
    }
  }

  public StealCounters.Snapshot counters() {
    return counters.snapshot();
  }

  /** Whether the machine has been overloaded for the sustain period (for {@code /metrics}). */
  public boolean overloaded() {
    return history.overloaded(clock.instant());
  }

  /** The latest CPU reading, when fresh. */
  public Optional<Double> load() {
    return history.latest(clock.instant());
  }

  private void awaitTaker(TaskRef task, int attempt, Instant until) throws InterruptedException {
    lock.lock();
    try {
      while (!closed && book.heardAttempt(task) <= attempt) {
        long left = Duration.between(clock.instant(), until).toNanos();
        if (left <= 0) {
          return;
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  private void gaveAway(Queued q) {
    counters.givenAway.incrementAndGet();
    String by;
    lock.lock();
    try {
      by = book.heard(q.task()).map(StealBook.Heard::by).orElse("");
    } finally {
      lock.unlock();
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("stage", GIVEN_AWAY);
    entry.put("attempt", q.attempt());
    entry.put("by", by);
    ports.recorder().record(q.task(), entry);
    log.atInfo()
        .addKeyValue("task", q.task())
        .addKeyValue("attempt", q.attempt())
        .addKeyValue("by", by)
        .log("an idle peer took the offered task over; not starting it here");
  }

  /** The log stage of an owner's task that a peer took over: its claim ends there. */
  public static final String GIVEN_AWAY = "given_away";

  private void run() {
    Instant nextSample = clock.instant().plus(settings.sampleEvery());
    while (true) {
      List<TaskOffer> offers;
      List<StealBook.Take> due;
      lock.lock();
      try {
        Instant sampleAt = nextSample;
        while (!closed && incoming.isEmpty()) {
          Instant now = clock.instant();
          Instant wake = book.nextDue().filter(d -> d.isBefore(sampleAt)).orElse(sampleAt);
          if (!now.isBefore(wake)) {
            break;
          }
          try {
            changed.awaitNanos(Duration.between(now, wake).toNanos());
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        offers = new ArrayList<>(incoming);
        incoming.clear();
        due = book.due(clock.instant());
      } finally {
        lock.unlock();
      }
      Instant now = clock.instant();
      if (!now.isBefore(nextSample)) {
        sample(now);
        nextSample = now.plus(settings.sampleEvery());
      }
      try {
        offers.forEach(this::consider);
        due.forEach(this::take);
      } catch (RuntimeException e) {
        log.atWarn().setCause(e).log("work stealing step failed");
      }
    }
  }

  private void sample(Instant now) {
    try {
      history.record(now, ports.load().getAsDouble());
    } catch (RuntimeException e) {
      log.atDebug().log("cannot read the load: " + e.getMessage());
    }
  }

  /** An offer from a live peer: plan to take it if this agent is idle, free and able. */
  private void consider(TaskOffer o) {
    Instant now = clock.instant();
    if (!mayTake(o.task(), now)) {
      return;
    }
    Optional<Double> score = ports.score().apply(o.labels());
    if (score.isEmpty()) {
      log.atDebug().addKeyValue("task", o.task()).log("offer: cannot do this task");
      return;
    }
    lock.lock();
    try {
      book.offer(o, score.get(), now)
          .ifPresent(
              t ->
                  log.atDebug()
                      .addKeyValue("task", t.task())
                      .addKeyValue("due", t.due())
                      .log("offer: taking it over when due"));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean mayTake(TaskRef task, Instant now) {
    boolean may =
        history.idle(now)
            && ports.freeSlots().getAsInt() > 0
            && ports.watched().test(task.repository())
            && !ports.active().test(task);
    if (!may) {
      log.atDebug().addKeyValue("task", task).log("offer: not idle, no free slot, or not ours");
    }
    return may;
  }

  private void take(StealBook.Take t) {
    if (!mayTake(t.task(), clock.instant())) {
      return;
    }
    lock.lock();
    try {
      if (book.heardAttempt(t.task()) > t.attempt()) {
        return; // a better-placed agent was first
      }
    } finally {
      lock.unlock();
    }
    log.atInfo()
        .addKeyValue("task", t.task())
        .addKeyValue("from", t.offerer())
        .addKeyValue("attempt", t.attempt() + 1)
        .log("taking over an offered task");
    ports
        .taker()
        .take(
            t.task(),
            t.offerer(),
            t.attempt(),
            t.deadline(),
            won -> {
              if (won) {
                counters.taken.incrementAndGet();
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("stage", "taken_over");
                entry.put("attempt", t.attempt() + 1);
                entry.put("from", t.offerer());
                entry.put("offered_attempt", t.attempt());
                ports.recorder().record(t.task(), entry);
              } else {
                counters.refused.incrementAndGet();
              }
            });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
