package io.bzzz.agent.runtime;

import java.time.Duration;

/**
 * Retries the deliveries that could not finish at once, on its own virtual thread: takes what the
 * {@link DeliverySchedule} says is due, tries it, and puts it back with a longer wait when it is
 * still pending, until each is delivered or dropped (fence lost). The agent owns it: {@link #start}
 * with the agent, {@link #close} before the trackers close. Every pending delivery is also on disk
 * ({@link DeliveryQueue}), so closing it loses nothing.
 */
final class DeliveryWorker implements AutoCloseable {
  private final Deliveries deliveries;
  private final DeliverySchedule schedule;
  private final Thread thread;

  DeliveryWorker(Deliveries deliveries, DeliverySchedule schedule) {
    this.deliveries = deliveries;
    this.schedule = schedule;
    this.thread = Thread.ofVirtual().name("delivery-worker").unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (DeliverySchedule.Due due : schedule.awaitDue()) {
          long returns = schedule.returns();
          if (deliveries.attempt(due.delivery()) instanceof Deliveries.Attempt.Pending) {
            // said again at each try: a word sent before the node rejoined the mesh is lost
            deliveries.announceWaiting(due.delivery());
            schedule.failedAgain(due, returns);
          }
        }
      }
    } catch (InterruptedException e) {
      // closing: what still waits stays on disk for the next start
    }
  }

  /**
   * Stops the thread; a try cut short is repeated after the next start (every step is idempotent).
   */
  @Override
  public void close() {
    thread.interrupt();
    try {
      if (thread.getState() != Thread.State.NEW) {
        thread.join(Duration.ofSeconds(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
