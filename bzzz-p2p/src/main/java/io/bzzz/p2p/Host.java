package io.bzzz.p2p;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A libp2p host: listens, dials, keeps at most one connection per peer in steady state, runs
 * identify and ping, and dispatches inbound streams to protocol handlers. Closing it closes every
 * connection, listener and thread it owns.
 */
public interface Host extends AutoCloseable {
  PeerId peerId();

  PrivateKey identity();

  /** The addresses we listen on, with real ports, without {@code /p2p/}. */
  List<Multiaddr> listenAddresses();

  /**
   * The addresses we tell peers about (identify, mDNS, kad, bootstrap API): listen addresses with
   * unspecified hosts expanded to interface addresses, keeping only routable ones (no loopback
   * unless we listen only on loopback, no link-local, no unspecified address).
   */
  List<Multiaddr> advertisedAddresses();

  /**
   * Connects (or returns the existing connection). When {@code address} ends in {@code /p2p/<id>}
   * the remote must prove that identity, else the dial fails.
   */
  Connection connect(Multiaddr address) throws IOException;

  /** Connects to a peer by id, using the existing connection or the peer store's addresses. */
  Connection connect(PeerId peer) throws IOException;

  Optional<Connection> connection(PeerId peer);

  Collection<Connection> connections();

  /**
   * The remote IPs of inbound connections still in their security and muxer handshake: a peer there
   * is about to be connected, though its id is not known yet.
   */
  default Set<InetAddress> handshakingFrom() {
    return Set.of();
  }

  /** Opens a stream to {@code peer}, connecting first if needed. */
  default P2pStream newStream(PeerId peer, List<String> protocols) throws IOException {
    return connect(peer).newStream(protocols);
  }

  /** Serves {@code protocol}; the protocol is then listed in identify (and pushed to peers). */
  void setStreamHandler(String protocol, StreamHandler handler);

  void removeStreamHandler(String protocol);

  PeerStore peerStore();

  void addConnectionListener(ConnectionListener listener);

  void removeConnectionListener(ConnectionListener listener);

  @Override
  void close();
}
