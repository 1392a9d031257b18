package io.bzzz.p2p.discovery.bootstrap;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A peer as a bootstrap list or the peer cache names it.
 *
 * @param id the peer's id
 * @param addresses where it listens, each ending in {@code /p2p/<id>}
 * @param name the agent's name, empty when unknown
 * @param lastSeen when it was last seen alive, when known
 */
public record KnownPeer(
    PeerId id, List<Multiaddr> addresses, String name, Optional<Instant> lastSeen) {
  public KnownPeer {
    addresses = List.copyOf(addresses);
  }
}
