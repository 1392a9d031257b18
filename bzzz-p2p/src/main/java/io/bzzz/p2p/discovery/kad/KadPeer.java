package io.bzzz.p2p.discovery.kad;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.util.List;

/** A peer in a kad message: id, addresses (binary multiaddrs on the wire) and connectedness. */
public record KadPeer(PeerId id, List<Multiaddr> addresses, Connectedness connection) {
  /** The spec's ConnectionType. */
  public enum Connectedness {
    NOT_CONNECTED(0),
    CONNECTED(1),
    CAN_CONNECT(2),
    CANNOT_CONNECT(3);

    /** The number on the wire; explicit so reordering the constants cannot change the protocol. */
    final int number;

    Connectedness(int number) {
      this.number = number;
    }

    /**
     * The connectedness with this wire number; NOT_CONNECTED for numbers the spec does not define.
     */
    static Connectedness of(long number) {
      for (Connectedness c : values()) {
        if (c.number == number) {
          return c;
        }
      }
      return NOT_CONNECTED;
    }
  }

  public KadPeer {
    addresses = List.copyOf(addresses);
  }
}
