package io.bzzz.agent.pickup;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.task.PollRota;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Who looks at a hinted task, and when, without anyone deciding for others: the agents that could
 * take it (live, available, with the task's required capabilities) are ordered by rendezvous hash
 * of the task, as the poll rota orders pollers. The first looks at once; the k-th after k × {@link
 * #STAGGER}, and only if no {@code task_claimed} for it was heard meanwhile. So one agent usually
 * pays the tracker calls of a task instead of all of them racing for the claim ref, and a first
 * agent that is busy, gone or slow is replaced within a second or two. Two agents whose views of
 * the mesh differ may both look; the claim ref still gives the task to one.
 *
 * <p>Owns its timer thread; {@link #close} stops it.
 */
public final class RankedPickup implements TaskAvailability, AutoCloseable {
  /** How long the k-th agent waits per rank before it looks. */
  public static final Duration STAGGER = Duration.ofMillis(500);

  private static final Duration REMEMBER_CLAIMS = Duration.ofMinutes(10);
  private static final int REMEMBERED = 4096;

  private final String self;
  private final Function<List<String>, Collection<String>> able;
  private final BooleanSupplier freeSlot;
  private final Consumer<TaskHint> look;
  private final InstantSource clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("pickup-timer").factory());
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<TaskRef, Instant> claimedHeard = new LinkedHashMap<>();
  private final MissedHints missed = new MissedHints();

  /**
   * @param able the peers (other than this agent) that could take a task with these labels now
   * @param freeSlot whether this agent could take one more task now
   * @param look asks the task loop to look at the task on the tracker and claim it if it may
   */
  public RankedPickup(
      String self,
      Function<List<String>, Collection<String>> able,
      BooleanSupplier freeSlot,
      Consumer<TaskHint> look,
      InstantSource clock) {
    this.self = self;
    this.able = able;
    this.freeSlot = freeSlot;
    this.look = look;
    this.clock = clock;
  }

  /** This agent's place among those that could take {@code hint}'s task, 0 for the first. */
  int rank(TaskHint hint) {
    List<String> candidates = new ArrayList<>(able.apply(hint.labels()));
    if (hint.announcerPassed()) {
      candidates.remove(hint.announcer()); // it said it is not taking the task: nobody waits for it
    }
    candidates.add(self);
    return PollRota.ranked(hint.task().toString(), candidates).indexOf(self);
  }

  @Override
  public boolean available(TaskHint hint) {
    if (!freeSlot.getAsBoolean()) {
      // the others go on without a full agent; kept for a slot freed before the next poll
      lock.lock();
      try {
        missed.remember(hint, clock.instant());
      } finally {
        lock.unlock();
      }
      return false;
    }
    int rank = rank(hint);
    if (rank == 0) {
      look.accept(hint);
      return true;
    }
    try {
      var unused = // nothing waits for the look: it only leaves a signal for the loop
          timer.schedule(
              () -> {
                if (!heardClaimed(hint.task())) {
                  look.accept(hint);
                }
              },
              STAGGER.toMillis() * rank,
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed: the agent is stopping
    }
    return true;
  }

  @Override
  public void claimedElsewhere(TaskRef task) {
    lock.lock();
    try {
      Instant now = clock.instant();
      claimedHeard.values().removeIf(t -> t.isBefore(now.minus(REMEMBER_CLAIMS)));
      if (claimedHeard.size() >= REMEMBERED) {
        claimedHeard.remove(claimedHeard.keySet().iterator().next());
      }
      claimedHeard.put(task, now);
      missed.forget(task);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A slot of this agent became free: a task hinted while it was full and not heard claimed since
   * is taken up again as if its hint came now (first in the ranked order looks at once, the k-th
   * after k × {@link #STAGGER} unless a claim was heard), instead of leaving the slot empty until
   * the next poll. The claim ref still decides.
   */
  @Override
  public void slotFreed() {
    Optional<TaskHint> next;
    lock.lock();
    try {
      next = missed.take(clock.instant(), this::rank);
    } finally {
      lock.unlock();
    }
    next.ifPresent(this::available);
  }

  private boolean heardClaimed(TaskRef task) {
    lock.lock();
    try {
      return claimedHeard.containsKey(task);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
