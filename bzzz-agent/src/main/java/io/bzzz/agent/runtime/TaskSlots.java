package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agent's capacity and the tasks it holds between runs. A slot (one of {@code max_tasks}) is
 * taken before a claim and given back when the task ends, fails or is handed over, so the agent
 * never holds more than it may. A task waiting for a helper keeps its slot and is parked here until
 * the help desk hands it over or gives up.
 *
 * <p>Shared by the task loop (takes slots), the task job (parks tasks), the help desk (releases
 * them) and the help relay (answers only with a free slot): one owner for the state they all touch,
 * instead of callbacks between them.
 */
final class TaskSlots {
  private final Semaphore free;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<TaskRef, HeldTask> waiting = new HashMap<>();
  private volatile Runnable freed = () -> {};

  TaskSlots(int maxTasks) {
    this.free = new Semaphore(maxTasks);
  }

  /**
   * What to tell when a slot is given back (push pickup looks at a task hinted while the agent was
   * full); set once at assembly. Must not block.
   */
  void whenFreed(Runnable freed) {
    this.freed = freed;
  }

  boolean tryTake() {
    return free.tryAcquire();
  }

  void giveBack() {
    free.release();
    freed.run();
  }

  int free() {
    return free.availablePermits();
  }

  /** Parks a task that asked for help; it keeps its slot. */
  void waitForHelp(HeldTask held) {
    lock.lock();
    try {
      waiting.put(held.ref(), held);
    } finally {
      lock.unlock();
    }
  }

  /** Takes {@code task} out of the waiting ones, if it is there; the caller gives the slot back. */
  Optional<HeldTask> stopWaiting(TaskRef task) {
    lock.lock();
    try {
      return Optional.ofNullable(waiting.remove(task));
    } finally {
      lock.unlock();
    }
  }

  /** Every task still waiting for help, removed (at shutdown). */
  List<HeldTask> drainWaiting() {
    lock.lock();
    try {
      List<HeldTask> all = List.copyOf(waiting.values());
      waiting.clear();
      return all;
    } finally {
      lock.unlock();
    }
  }
}
