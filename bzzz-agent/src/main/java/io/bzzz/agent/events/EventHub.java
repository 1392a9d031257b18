package io.bzzz.agent.events;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fans an agent's events out to its observers. {@link #publish} never blocks the agent: each
 * subscriber has a bounded queue, and a subscriber whose queue is full is dropped (closed, with
 * {@link EventSubscription#dropped()} set) rather than slowing anyone down. Events reach every
 * subscriber in the order of their sequence numbers.
 */
public final class EventHub {
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<EventSubscription> subscribers = new CopyOnWriteArrayList<>();
  private long seq;

  public EventHub(InstantSource clock) {
    this.clock = clock;
  }

  /** Hands {@code event} to every subscriber; drops those that cannot take it now. */
  public void publish(AgentEvent event) {
    List<EventSubscription> overflowed = new ArrayList<>();
    lock.lock(); // one order for all: sequence numbers and queue order agree
    try {
      StampedEvent stamped = new StampedEvent(++seq, clock.instant(), event);
      for (EventSubscription s : subscribers) {
        if (!s.offer(stamped)) {
          overflowed.add(s);
        }
      }
    } finally {
      lock.unlock();
    }
    for (EventSubscription s : overflowed) {
      s.drop();
    }
  }

  /**
   * A new subscriber that receives every event published from now on, buffering up to {@code
   * capacity} of them. The caller owns it and closes it.
   */
  public EventSubscription subscribe(int capacity) {
    return subscribe(capacity, () -> {});
  }

  /**
   * As {@link #subscribe(int)}, with what to do if the hub drops the subscriber for falling behind:
   * runs once, on the publisher's thread, so it must not block.
   */
  public EventSubscription subscribe(int capacity, Runnable onDrop) {
    EventSubscription s = new EventSubscription(capacity, subscribers::remove, onDrop);
    subscribers.add(s);
    return s;
  }

  /** Subscribers still attached. */
  public int subscriberCount() {
    return subscribers.size();
  }

  /** The sequence number of the last event published (0 before the first). */
  public long lastSeq() {
    lock.lock();
    try {
      return seq;
    } finally {
      lock.unlock();
    }
  }
}
