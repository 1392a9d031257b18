package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.Coordinator;
import io.bzzz.agent.coordination.MeshPublisher;
import io.bzzz.agent.coordination.Topics;
import io.bzzz.p2p.pubsub.Subscription;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The binding between coordination and gossipsub: publishes envelopes and delivers what arrives on
 * the agent's three topics to the {@link Coordinator}. Owns the subscriptions, not the service.
 */
final class GossipMesh implements MeshPublisher, AutoCloseable {
  private final GossipsubService pubsub;
  private final List<Subscription> subscriptions = new ArrayList<>();

  GossipMesh(GossipsubService pubsub) {
    this.pubsub = pubsub;
  }

  void subscribe(Topics topics, Coordinator coordinator) {
    for (String topic :
        List.of(topics.coordination(), topics.metaDiscussion(), topics.contextFeedback())) {
      subscriptions.add(
          pubsub.subscribe(
              topic,
              m -> coordinator.onMessage(m.topic(), m.data(), Optional.of(m.from().toString()))));
    }
  }

  /** Delivers {@code topic}'s messages, with the peer that signed each, to {@code handler}. */
  void subscribe(String topic, BiConsumer<byte[], Optional<String>> handler) {
    subscriptions.add(
        pubsub.subscribe(topic, m -> handler.accept(m.data(), Optional.of(m.from().toString()))));
  }

  @Override
  public void publish(String topic, byte[] payload) {
    pubsub.publish(topic, payload);
  }

  @Override
  public void close() {
    for (Subscription s : subscriptions) {
      s.close();
    }
  }
}
