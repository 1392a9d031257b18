package io.bzzz.agent.coordination;

import java.io.IOException;

/**
 * Port to the pub/sub mesh: the p2p layer's gossipsub binding implements it. Publishing an envelope
 * is all coordination needs; subscriptions deliver to {@link Coordinator#onMessage}.
 */
@FunctionalInterface
public interface MeshPublisher {
  void publish(String topic, byte[] payload) throws IOException;
}
