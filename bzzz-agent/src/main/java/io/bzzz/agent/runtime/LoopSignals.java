package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.pickup.TaskHint;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the mesh asks of the task loop: start claiming once the agent has joined the mesh, and
 * between polls take over a task a peer handed to us, look at a task a hint named, or poll now
 * because a peer left. Everything that claims goes through the loop's thread; the mesh only leaves
 * a signal here, so the reactions to the mesh need no reference to the loop.
 */
final class LoopSignals {
  /** One request to the loop. */
  sealed interface Signal {}

  /** {@code owner} handed {@code task} to this agent: claim the next attempt with its consent. */
  record TakeOver(TaskRef task, String owner) implements Signal {}

  /** The auction gave {@code task} to this agent (or to it as a fallback): claim it. */
  record AuctionWon(TaskRef task) implements Signal {}

  /**
   * {@code owner} offered {@code task}, which it holds as {@code attempt} and has not started (work
   * stealing): claim the next attempt with its consent; tell {@code won} the ref's answer.
   */
  record TakeOffered(
      TaskRef task,
      String owner,
      int attempt,
      java.time.Instant deadline,
      java.util.function.Consumer<Boolean> won)
      implements Signal {}

  /** A peer left: this agent may now be the poller of the slot, or may take over its claims. */
  record PollNow() implements Signal {}

  /** The agent can no longer record what it does (its log failed): claim nothing more. */
  record StopClaiming(String reason) implements Signal {}

  /** A hint says this task may be available: look at it on the tracker now (push pickup). */
  record CheckTask(TaskHint hint) implements Signal {}

  /** More hints than this waiting means the loop is behind; the rest are left to polling. */
  private static final int MAX_CHECKS = 256;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final Deque<TakeOver> takeOvers = new ArrayDeque<>();
  private final Deque<CheckTask> checks = new ArrayDeque<>();
  private final Deque<AuctionWon> won = new ArrayDeque<>();
  private final Deque<TakeOffered> offered = new ArrayDeque<>();
  private boolean pollNow;
  private boolean joined;
  private String stopReason;

  /** This agent has joined the mesh (or runs alone): the loop may start claiming. */
  void joined() {
    lock.lock();
    try {
      joined = true;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until this agent has joined the mesh; false when claiming was stopped first. Hand-overs
   * cannot come before (they come from peers), so they stay queued for {@link #next}.
   */
  boolean awaitJoined() throws InterruptedException {
    lock.lock();
    try {
      while (!joined && stopReason == null) {
        arrived.await();
      }
      return stopReason == null;
    } finally {
      lock.unlock();
    }
  }

  void takeOver(TaskRef task, String owner) {
    lock.lock();
    try {
      takeOvers.add(new TakeOver(task, owner));
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void auctionWon(TaskRef task) {
    lock.lock();
    try {
      won.add(new AuctionWon(task));
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void takeOffered(
      TaskRef task,
      String owner,
      int attempt,
      java.time.Instant deadline,
      java.util.function.Consumer<Boolean> result) {
    lock.lock();
    try {
      offered.add(new TakeOffered(task, owner, attempt, deadline, result));
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void pollNow() {
    lock.lock();
    try {
      pollNow = true;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void checkTask(TaskHint hint) {
    lock.lock();
    try {
      if (checks.size() < MAX_CHECKS) {
        checks.add(new CheckTask(hint));
        arrived.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  void stopClaiming(String reason) {
    lock.lock();
    try {
      stopReason = reason;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next signal, waiting at most {@code timeout}; a stop first, then hand-overs. Several peers
   * leaving before the loop wakes make one poll.
   */
  Optional<Signal> next(Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (stopReason == null
          && takeOvers.isEmpty()
          && checks.isEmpty()
          && won.isEmpty()
          && offered.isEmpty()
          && !pollNow) {
        if (left <= 0) {
          return Optional.empty();
        }
        left = arrived.awaitNanos(left);
      }
      if (stopReason != null) {
        return Optional.of(new StopClaiming(stopReason));
      }
      if (!takeOvers.isEmpty()) {
        return Optional.of(takeOvers.poll());
      }
      if (!checks.isEmpty()) {
        return Optional.of(checks.poll());
      }
      if (!won.isEmpty()) {
        return Optional.of(won.poll());
      }
      if (!offered.isEmpty()) {
        return Optional.of(offered.poll());
      }
      pollNow = false;
      return Optional.of(new PollNow());
    } finally {
      lock.unlock();
    }
  }
}
