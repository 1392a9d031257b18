package io.bzzz.p2p.discovery.kad;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.util.List;

/** A peer in a kad message: id, addresses (binary multiaddrs on the wire) and connectedness. */
public record KadPeer(PeerId id, List<Multiaddr> addresses, Connectedness connection) {
  /** The spec's ConnectionType. */
  public enum Connectedness {
    NOT_CONNECTED,
    CONNECTED,
    CAN_CONNECT,
    CANNOT_CONNECT
  }

  public KadPeer {
    addresses = List.copyOf(addresses);
  }
}
