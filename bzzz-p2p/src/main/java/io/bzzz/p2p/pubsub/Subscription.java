package io.bzzz.p2p.pubsub;

/** A topic subscription; closing it unsubscribes this handler (and the topic with the last one). */
public interface Subscription extends AutoCloseable {
  String topic();

  @Override
  void close();
}
