package io.bzzz.p2p;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** A secured, multiplexed connection to one peer (TCP + Noise + Yamux). Owned by the host. */
public interface Connection extends Closeable {
  PeerId remotePeer();

  Multiaddr remoteAddress();

  Multiaddr localAddress();

  /** True when we dialed. */
  boolean outbound();

  /**
   * Opens a stream and negotiates the first protocol of {@code protocols} the peer accepts.
   *
   * @throws ProtocolNotSupportedException when the peer accepts none of them
   */
  P2pStream newStream(List<String> protocols) throws IOException;

  boolean isOpen();

  @Override
  void close();
}
