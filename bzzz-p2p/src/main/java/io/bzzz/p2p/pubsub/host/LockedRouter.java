package io.bzzz.p2p.pubsub.host;

import io.bzzz.p2p.pubsub.router.GossipRouter;
import io.bzzz.p2p.pubsub.router.SignatureCheck;
import io.bzzz.p2p.pubsub.router.UnverifiedMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one owner of the {@link GossipRouter}: the router is pure state that is not thread-safe, so
 * every thread (readers, the verifier, the heartbeat, API callers) reaches it only through this
 * class, which runs the action under its lock. Nobody else sees the lock. State that the router's
 * callbacks touch (the service's subscriptions) is guarded by the same lock, because those
 * callbacks run inside an action.
 *
 * <p>Actions run on the caller's thread and must not block: no I/O, no waiting on other threads.
 */
final class LockedRouter {
  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled by the {@code ...AndWake} actions so waiters in {@link #callWhen} look again. */
  private final Condition changed = lock.newCondition();

  private final GossipRouter router;

  LockedRouter(GossipRouter router) {
    this.router = router;
  }

  void run(Consumer<GossipRouter> action) {
    lock.lock();
    try {
      action.accept(router);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The router's signature check, the one step it allows without the lock (it reads only a
   * thread-safe cache of keys): the verifier runs it for a whole batch before taking the lock.
   */
  SignatureCheck check(UnverifiedMessage message) {
    return router.check(message);
  }

  <T> T call(Function<GossipRouter, T> action) {
    lock.lock();
    try {
      return action.apply(router);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code action}, then wakes the threads waiting in {@link #callWhen} to re-check. */
  void runAndWake(Consumer<GossipRouter> action) {
    lock.lock();
    try {
      action.accept(router);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Calls {@code action}, then wakes the threads waiting in {@link #callWhen} to re-check. */
  <T> T callAndWake(Function<GossipRouter, T> action) {
    lock.lock();
    try {
      T result = action.apply(router);
      changed.signalAll();
      return result;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits, without holding the lock, until {@code ready} holds for the router, then calls {@code
   * action} in the same lock hold (so nothing changes in between). Empty when {@code wait} passed
   * or {@code giveUp} became true first. Only {@link #runAndWake} and {@link #callAndWake} wake a
   * waiter early.
   */
  <T> Optional<T> callWhen(
      Predicate<GossipRouter> ready,
      Duration wait,
      BooleanSupplier giveUp,
      Function<GossipRouter, T> action)
      throws InterruptedException {
    lock.lock();
    try {
      long deadline = System.nanoTime() + wait.toNanos();
      while (!ready.test(router)) {
        long left = deadline - System.nanoTime();
        if (giveUp.getAsBoolean() || left <= 0) {
          return Optional.empty();
        }
        changed.awaitNanos(left);
      }
      return Optional.of(action.apply(router));
    } finally {
      lock.unlock();
    }
  }
}
