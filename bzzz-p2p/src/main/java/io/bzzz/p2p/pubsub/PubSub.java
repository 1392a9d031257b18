package io.bzzz.p2p.pubsub;

import io.bzzz.p2p.crypto.PeerId;
import java.util.Set;
import java.util.function.Consumer;

/** Publish/subscribe over gossipsub, as the agent uses it. Thread-safe. */
public interface PubSub {
  /**
   * Subscribes {@code handler} to {@code topic}. Each validated message is handed to the handler
   * once, in arrival order, on a thread owned by the subscription.
   */
  Subscription subscribe(String topic, Consumer<ReceivedMessage> handler);

  /** Signs and publishes {@code data}; also when no peer is in the topic yet (0 peers). */
  PublishResult publish(String topic, byte[] data);

  /** Sets the validator of a topic (replacing any previous one). */
  void setValidator(String topic, TopicValidator validator);

  void removeValidator(String topic);

  /** Peers that told us they subscribe to {@code topic}. */
  Set<PeerId> topicPeers(String topic);

  /** Peers in our mesh for {@code topic} (empty when we do not subscribe to it). */
  Set<PeerId> meshPeers(String topic);

  /** Topics we subscribe to. */
  Set<String> topics();

  /** Registers a listener for join/leave events; close the result to remove it. */
  AutoCloseable onTopicEvent(Consumer<TopicEvent> listener);
}
