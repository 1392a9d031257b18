package io.bzzz.p2p.host;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.security.pnet.SwarmKey;
import java.util.Optional;
import java.util.Set;

/**
 * Who may connect at all.
 *
 * @param swarmKey the private network's pre-shared key: every connection is enciphered with it
 *     below multistream-select, so peers without it cannot even negotiate; empty for the open
 *     network
 * @param allowedPeers when not empty, the only peers we keep a connection with, checked right after
 *     the Noise handshake proves the remote's id (both directions)
 */
public record MeshAccess(Optional<SwarmKey> swarmKey, Set<PeerId> allowedPeers) {
  public MeshAccess {
    allowedPeers = Set.copyOf(allowedPeers);
  }

  public static MeshAccess open() {
    return new MeshAccess(Optional.empty(), Set.of());
  }

  public boolean allows(PeerId peer) {
    return allowedPeers.isEmpty() || allowedPeers.contains(peer);
  }

  public MeshAccess withSwarmKey(Optional<SwarmKey> key) {
    return new MeshAccess(key, allowedPeers);
  }

  public MeshAccess withAllowedPeers(Set<PeerId> peers) {
    return new MeshAccess(swarmKey, peers);
  }
}
