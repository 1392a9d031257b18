package io.bzzz.p2p.host;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the host's virtual threads and remembers the live ones, so that closing the host can wait
 * for them and tests can check that none leaked.
 */
final class ThreadTracker {
  private static final Logger log = LoggerFactory.getLogger(ThreadTracker.class);

  private final Set<Thread> live = ConcurrentHashMap.newKeySet();

  Thread start(String name, Runnable task) {
    Thread thread =
        Thread.ofVirtual()
            .name(name)
            .unstarted(
                () -> {
                  try {
                    task.run();
                  } catch (RuntimeException e) {
                    log.atWarn().addKeyValue("thread", name).setCause(e).log("task failed");
                  } finally {
                    live.remove(Thread.currentThread());
                  }
                });
    live.add(thread);
    thread.start();
    return thread;
  }

  int liveCount() {
    return live.size();
  }

  /** Waits for every tracked thread (except the caller) to end, up to {@code timeout}. */
  void awaitAll(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : Set.copyOf(live)) {
      if (thread == Thread.currentThread()) {
        continue;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        thread.join(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
