package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.pubsub.ReceivedMessage;
import io.bzzz.p2p.pubsub.TopicEvent;
import io.bzzz.p2p.pubsub.wire.Rpc;
import java.util.List;

/**
 * Where the router's decisions go. Called with the router's lock held: implementations only enqueue
 * (never block, never call back into the router).
 */
public interface RouterOutput {
  /** Send {@code rpc} to {@code peer} on our outbound stream. */
  void send(PeerId peer, Rpc rpc);

  /** Hand a validated message to the application's subscribers of its topic. */
  void deliver(ReceivedMessage message);

  /** Close the connection to a misbehaving peer. */
  void disconnect(PeerId peer, String reason);

  /** Peers suggested by peer exchange in a PRUNE: candidates for the host to dial. */
  default void peerExchange(String topic, List<PeerId> candidates) {}

  default void topicEvent(TopicEvent event) {}
}
