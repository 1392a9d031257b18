package io.bzzz.p2p.mux.yamux;

import java.io.EOFException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Inbound streams waiting to be accepted, bounded; closing it ends every waiting accept. */
final class AcceptQueue {
  private final int capacity;
  private final ArrayDeque<YamuxStream> pending = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private boolean closed;

  AcceptQueue(int capacity) {
    this.capacity = capacity;
  }

  /** Adds a stream; false when the backlog is full or the queue closed. */
  boolean offer(YamuxStream stream) {
    lock.lock();
    try {
      if (closed || pending.size() >= capacity) {
        return false;
      }
      pending.addLast(stream);
      available.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  YamuxStream take() throws EOFException, InterruptedException {
    lock.lock();
    try {
      while (pending.isEmpty()) {
        if (closed) {
          throw new EOFException("session closed");
        }
        available.await();
      }
      return pending.removeFirst();
    } finally {
      lock.unlock();
    }
  }

  /** Closes the queue and returns the streams nobody accepted. */
  List<YamuxStream> close() {
    lock.lock();
    try {
      closed = true;
      available.signalAll();
      List<YamuxStream> left = List.copyOf(pending);
      pending.clear();
      return left;
    } finally {
      lock.unlock();
    }
  }
}
