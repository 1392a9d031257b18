package io.bzzz.p2p.pubsub;

import io.bzzz.p2p.pubsub.wire.MalformedRpcException;
import io.bzzz.p2p.pubsub.wire.PubMessage;

/**
 * Computes a message's id. Every node of a network must use the same function, or gossip
 * (IHAVE/IWANT) dedup breaks. The default is go-libp2p's and the spec's: {@code from || seqno};
 * js-libp2p must be configured with the same {@code msgIdFn} to match.
 */
@FunctionalInterface
public interface MessageIdFunction {
  /**
   * @throws MalformedRpcException when the message lacks what the id is made of
   */
  MessageId idOf(PubMessage message);

  MessageIdFunction FROM_AND_SEQNO =
      m ->
          MessageId.concat(
              m.from().orElseThrow(() -> new MalformedRpcException("message without from")),
              m.seqno().orElseThrow(() -> new MalformedRpcException("message without seqno")));
}
