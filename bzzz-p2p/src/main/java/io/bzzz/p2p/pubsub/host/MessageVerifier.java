package io.bzzz.p2p.pubsub.host;

import io.bzzz.p2p.pubsub.router.SignatureCheck;
import io.bzzz.p2p.pubsub.router.UnverifiedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks received messages' signatures on its own thread, outside the router's lock, and hands the
 * results back to the router under the lock. It works in batches: whatever queued up while it was
 * busy is verified back to back (Ed25519 verification costs about half as much per message when it
 * runs hot in the CPU's caches as when it is interleaved with I/O work) and completed under one
 * lock acquisition, so messages forwarded to the same peer leave in one RPC. One thread and a FIFO
 * queue keep each peer's messages in the order it sent them. Readers block when the queue is full,
 * which pushes back on the peers through flow control. Owns its thread.
 */
final class MessageVerifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MessageVerifier.class);
  private static final int MAX_BATCH = 256;

  /** How often a reader waiting on a full queue looks whether the verifier was closed. */
  private static final long FULL_QUEUE_RECHECK_MILLIS = 100;

  private final LockedRouter router;
  private final BlockingQueue<UnverifiedMessage> queue;
  private final Thread thread;
  private volatile boolean closed;

  MessageVerifier(LockedRouter router, int capacity) {
    this.router = router;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = Thread.ofVirtual().name("gossip-verifier").unstarted(this::loop);
  }

  void start() {
    thread.start();
  }

  /**
   * Queues messages for checking, waiting while the queue is full (until the verifier is closed:
   * then they are dropped). Call without the lock.
   */
  void submit(List<UnverifiedMessage> messages) throws InterruptedException {
    for (UnverifiedMessage m : messages) {
      while (!queue.offer(m, FULL_QUEUE_RECHECK_MILLIS, TimeUnit.MILLISECONDS)) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void loop() {
    List<UnverifiedMessage> batch = new ArrayList<>(MAX_BATCH);
    List<SignatureCheck> checks = new ArrayList<>(MAX_BATCH);
    try {
      while (!closed) {
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH - 1);
        List<UnverifiedMessage> toCheck = batch;
        while (!toCheck.isEmpty()) {
          for (UnverifiedMessage m : toCheck) {
            checks.add(router.check(m));
          }
          try {
            toCheck = router.call(r -> r.complete(checks));
          } catch (RuntimeException e) {
            log.atError().setCause(e).log("handling verified messages failed; batch dropped");
            toCheck = List.of();
          }
          checks.clear();
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
