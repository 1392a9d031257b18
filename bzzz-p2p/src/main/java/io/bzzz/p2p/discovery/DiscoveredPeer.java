package io.bzzz.p2p.discovery;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.util.List;

/** A peer some discovery source found, with the addresses it announced (without {@code /p2p/}). */
public record DiscoveredPeer(PeerId peer, List<Multiaddr> addresses, Source source) {
  /** Where a peer was found; used in logs and to tell the node how eagerly to dial. */
  public enum Source {
    MDNS,
    KAD,
    BOOTSTRAP,
    DNS
  }

  public DiscoveredPeer {
    addresses = List.copyOf(addresses);
  }
}
