package io.bzzz.agent.review;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Agents racing for the same review round: every watcher polls once, all released at once. */
final class Race {
  private Race() {}

  /** Runs one poll of each watcher at the same moment; returns what they threw. */
  static List<Throwable> pollAtOnce(List<ReviewWatcher> watchers) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Thread> racers = new ArrayList<>();
    for (ReviewWatcher w : watchers) {
      racers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      go.await();
                      w.checkAll();
                    } catch (Throwable e) {
                      errors.add(e);
                    }
                  }));
    }
    go.countDown();
    for (Thread t : racers) {
      t.join();
    }
    return errors;
  }
}
