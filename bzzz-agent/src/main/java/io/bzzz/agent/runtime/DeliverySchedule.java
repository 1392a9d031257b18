package io.bzzz.agent.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The deliveries waiting for their next try and when each is due: the state the task jobs (hand a
 * delivery over), the tracker outage (the tracker is back: everything is due now) and the {@link
 * DeliveryWorker} (takes what is due) share, with one owner instead of callbacks between them.
 */
final class DeliverySchedule {
  /** A delivery and how many tries failed so far. */
  record Due(PendingDelivery delivery, int failures) {}

  private record Entry(PendingDelivery delivery, int failures, long dueNanos) {}

  private final DeliveryBackoff backoff;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Entry> waiting = new LinkedHashMap<>();
  private long returns; // counts retryNow() calls, so a try that overlaps one is repeated at once

  DeliverySchedule(DeliveryBackoff backoff) {
    this.backoff = backoff;
  }

  /** {@code d} failed {@code failures} tries (0: none yet, due now); due after the backoff. */
  void later(PendingDelivery d, int failures) {
    long due = System.nanoTime() + (failures == 0 ? 0 : backoff.after(failures).toNanos());
    lock.lock();
    try {
      waiting.put(d.id(), new Entry(d, failures, due));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Every waiting delivery is due now (the tracker answers again). */
  void retryNow() {
    lock.lock();
    try {
      returns++;
      long now = System.nanoTime();
      waiting.replaceAll((id, e) -> new Entry(e.delivery(), e.failures(), now));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  long returns() {
    lock.lock();
    try {
      return returns;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A try of {@code d} that began when {@link #returns} was {@code seenReturns} failed again: due
   * after the backoff, or at once if the tracker came back meanwhile.
   */
  void failedAgain(Due d, long seenReturns) {
    int failures = d.failures() + 1;
    lock.lock();
    try {
      long due =
          returns != seenReturns
              ? System.nanoTime()
              : System.nanoTime() + backoff.after(failures).toNanos();
      waiting.put(d.delivery().id(), new Entry(d.delivery(), failures, due));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until a delivery is due and takes every due one out. */
  List<Due> awaitDue() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        long now = System.nanoTime();
        List<Due> due = new ArrayList<>();
        long next = Long.MAX_VALUE;
        for (Entry e : waiting.values()) {
          if (e.dueNanos() - now <= 0) {
            due.add(new Due(e.delivery(), e.failures()));
          } else {
            next = Math.min(next, e.dueNanos() - now);
          }
        }
        if (!due.isEmpty()) {
          due.forEach(d -> waiting.remove(d.delivery().id()));
          return due;
        }
        if (next == Long.MAX_VALUE) {
          changed.await();
        } else {
          changed.awaitNanos(next);
        }
      }
    } finally {
      lock.unlock();
    }
  }
}
