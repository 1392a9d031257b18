package io.bzzz.p2p;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the peer store knows about a peer: addresses, protocols, agent version, last seen. */
public record PeerInfo(
    PeerId peer,
    List<Multiaddr> addresses,
    Set<String> protocols,
    Optional<String> agentVersion,
    Instant lastSeen) {
  public PeerInfo {
    addresses = List.copyOf(addresses);
    protocols = Set.copyOf(protocols);
  }

  public boolean supports(String protocol) {
    return protocols.contains(protocol);
  }
}
