package io.bzzz.p2p;

import io.bzzz.p2p.crypto.PeerId;

/**
 * Host events. Called on a host thread: return quickly, hand longer work to your own thread. {@link
 * #identified} fires after identify (or identify push) told us the peer's protocols.
 */
public interface ConnectionListener {
  default void connected(Connection connection) {}

  default void disconnected(Connection connection) {}

  default void identified(PeerId peer, PeerInfo info) {}
}
