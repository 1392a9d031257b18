package io.bzzz.p2p.host;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.multistream.MultistreamSelect;
import io.bzzz.p2p.multistream.NegotiationException;
import io.bzzz.p2p.mux.MuxedSession;
import io.bzzz.p2p.security.noise.NoiseXxHandshake;
import io.bzzz.p2p.security.noise.SecureChannel;
import io.bzzz.p2p.security.pnet.PrivateNetwork;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades a TCP socket: in a private network the pnet nonce exchange and cipher first, then
 * multistream-select {@code /noise}, the Noise XX handshake, the allow-list check of the proven
 * peer id, multistream-select of the muxer inside Noise, then the muxer session. The socket's read
 * timeout bounds the whole upgrade and is lifted once the muxer takes over.
 */
final class Upgrader {
  private static final Logger log = LoggerFactory.getLogger(Upgrader.class);

  /** Result of an upgrade: the authenticated peer and its muxer session. */
  record Upgraded(
      MuxedSession session, PeerId remotePeer, Multiaddr remoteAddress, Multiaddr localAddress) {}

  private static final int READ_BUFFER = 64 * 1024;

  private final NoiseXxHandshake noise;
  private final StreamMuxerFactory muxer;
  private final MeshAccess access;
  private final SecureRandom random;

  Upgrader(
      NoiseXxHandshake noise, StreamMuxerFactory muxer, MeshAccess access, SecureRandom random) {
    this.noise = noise;
    this.muxer = muxer;
    this.access = access;
    this.random = random;
  }

  Upgraded outbound(Socket socket, Optional<PeerId> expected, Duration timeout) throws IOException {
    return upgrade(socket, true, expected, timeout);
  }

  Upgraded inbound(Socket socket, Duration timeout) throws IOException {
    return upgrade(socket, false, Optional.empty(), timeout);
  }

  private Upgraded upgrade(
      Socket socket, boolean dialer, Optional<PeerId> expected, Duration timeout)
      throws IOException {
    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
    try {
      InputStream in = new BufferedInputStream(socket.getInputStream(), READ_BUFFER);
      OutputStream out = socket.getOutputStream();
      if (access.swarmKey().isPresent()) {
        PrivateNetwork.Protected pnet =
            PrivateNetwork.protect(in, out, access.swarmKey().get(), random);
        in = pnet.in();
        out = pnet.out();
      }
      SecureChannel secure;
      if (dialer) {
        selectNoise(in, out);
        secure = noise.initiate(in, out, expected);
        checkAllowed(secure.remotePeer());
        MultistreamSelect.select(secure.in(), secure.out(), List.of(muxer.protocolId()));
      } else {
        Optional<String> agreed;
        try {
          agreed = MultistreamSelect.handle(in, out, NoiseXxHandshake.PROTOCOL_ID::equals);
        } catch (IOException | RuntimeException e) {
          throw notOurNetwork(e);
        }
        require(agreed, "/noise");
        secure = noise.respond(in, out);
        checkAllowed(secure.remotePeer());
        require(
            MultistreamSelect.handle(secure.in(), secure.out(), muxer.protocolId()::equals),
            muxer.protocolId());
      }
      socket.setSoTimeout(0);
      MuxedSession session = muxer.start(secure.in(), secure.out(), socket, dialer);
      return new Upgraded(
          session,
          secure.remotePeer(),
          Multiaddr.tcp((InetSocketAddress) socket.getRemoteSocketAddress()),
          Multiaddr.tcp((InetSocketAddress) socket.getLocalSocketAddress()));
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException(
          "connection upgrade timed out after " + timeout.toMillis() + " ms");
    }
  }

  private void selectNoise(InputStream in, OutputStream out) throws IOException {
    try {
      MultistreamSelect.select(in, out, List.of(NoiseXxHandshake.PROTOCOL_ID));
    } catch (IOException | RuntimeException e) {
      throw notOurNetwork(e);
    }
  }

  /**
   * In a private network, a peer with another key (or none) shows up as garbage in the first
   * multistream message (or as a closed socket): say so, not just "bad varint".
   */
  private IOException notOurNetwork(Exception e) {
    if (access.swarmKey().isEmpty() || e instanceof SocketTimeoutException) {
      return e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
    return new IOException(
        "private network handshake failed: the peer does not use our swarm key "
            + access.swarmKey().get().fingerprint()
            + " ("
            + e.getMessage()
            + ")",
        e);
  }

  private void checkAllowed(PeerId peer) throws IOException {
    if (!access.allows(peer)) {
      log.atWarn().addKeyValue("peer", peer).log("closing connection: peer not in the allow-list");
      throw new IOException("peer " + peer + " is not in the allow-list");
    }
  }

  private static void require(Optional<String> agreed, String protocol)
      throws NegotiationException {
    if (agreed.isEmpty()) {
      throw new NegotiationException("peer did not propose " + protocol);
    }
  }
}
