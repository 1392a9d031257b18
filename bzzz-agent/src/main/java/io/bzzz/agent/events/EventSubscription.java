package io.bzzz.agent.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One observer's bounded queue of events from an {@link EventHub}. The reader takes events with
 * {@link #next}; when it falls {@code capacity} events behind, the hub drops it: the queue is
 * closed, {@link #dropped()} turns true and the drop action given to {@link EventHub#subscribe(int,
 * Runnable)} runs (the HTTP layer uses it to cut a connection whose writes are stuck).
 */
public final class EventSubscription implements AutoCloseable {
  /** Put in the queue on close to wake a waiting reader; never handed out. */
  private static final StampedEvent CLOSED =
      new StampedEvent(-1, Instant.EPOCH, new AgentEvent.LogAppended("", 0));

  private final int capacity;
  private final BlockingQueue<StampedEvent> queue;
  private final Consumer<EventSubscription> detach;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean dropped = new AtomicBoolean();
  private final Runnable onDrop;

  EventSubscription(int capacity, Consumer<EventSubscription> detach, Runnable onDrop) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity + 1); // a spare slot for the closing marker
    this.detach = detach;
    this.onDrop = onDrop;
  }

  /**
   * The next event, waiting up to {@code timeout}; empty on timeout and once the subscription is
   * closed or dropped (then {@link #isClosed()} is true).
   */
  @SuppressWarnings("ReferenceEquality") // CLOSED is a sentinel instance, not a value
  public Optional<StampedEvent> next(Duration timeout) throws InterruptedException {
    if (closed.get() && queue.isEmpty()) {
      return Optional.empty();
    }
    StampedEvent e = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (e == null || e == CLOSED) {
      return Optional.empty();
    }
    return Optional.of(e);
  }

  /** True once closed by its owner or dropped by the hub. */
  public boolean isClosed() {
    return closed.get();
  }

  /** True when the hub dropped this subscriber because it fell behind. */
  public boolean dropped() {
    return dropped.get();
  }

  /** Called by the hub under its lock: queue the event unless the reader is too far behind. */
  boolean offer(StampedEvent e) {
    if (closed.get()) {
      return true;
    }
    return queue.size() < capacity && queue.offer(e);
  }

  /** Called by the hub, outside its lock, for a subscriber that overflowed. */
  void drop() {
    dropped.set(true);
    if (shut()) {
      onDrop.run();
    }
  }

  @Override
  public void close() {
    shut();
  }

  private boolean shut() {
    if (!closed.compareAndSet(false, true)) {
      return false;
    }
    detach.accept(this);
    queue.clear(); // what was buffered is not wanted any more
    queue.offer(CLOSED); // wakes a reader waiting in next()
    return true;
  }
}
