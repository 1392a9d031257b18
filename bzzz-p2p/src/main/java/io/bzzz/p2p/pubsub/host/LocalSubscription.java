package io.bzzz.p2p.pubsub.host;

import io.bzzz.p2p.pubsub.ReceivedMessage;
import io.bzzz.p2p.pubsub.Subscription;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application handler of a topic, fed by the router without blocking through a bounded queue
 * and run on its own virtual thread, so a slow handler delays only itself. When its queue is full
 * new messages are dropped and counted.
 */
final class LocalSubscription implements Subscription {
  private static final Logger log = LoggerFactory.getLogger(LocalSubscription.class);

  private final String topic;
  private final Consumer<ReceivedMessage> handler;
  private final BlockingQueue<ReceivedMessage> queue;
  private final Consumer<LocalSubscription> onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;

  LocalSubscription(
      String topic,
      Consumer<ReceivedMessage> handler,
      int capacity,
      Consumer<LocalSubscription> onClose) {
    this.topic = topic;
    this.handler = handler;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.onClose = onClose;
    this.thread = Thread.ofVirtual().name("gossip-sub-" + topic).start(this::run);
  }

  @Override
  public String topic() {
    return topic;
  }

  void offer(ReceivedMessage message) {
    if (!queue.offer(message) && dropped.incrementAndGet() % 1000 == 1) {
      log.atWarn()
          .addKeyValue("topic", topic)
          .addKeyValue("dropped", dropped.get())
          .log("subscriber too slow; dropping messages");
    }
  }

  private void run() {
    try {
      while (!closed.get()) {
        ReceivedMessage m = queue.take();
        try {
          handler.accept(m);
        } catch (RuntimeException e) {
          log.atWarn().addKeyValue("topic", topic).setCause(e).log("subscription handler failed");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      thread.interrupt();
      onClose.accept(this);
    }
  }
}
