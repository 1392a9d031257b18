package io.bzzz.p2p.host;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.multistream.MultistreamSelect;
import io.bzzz.p2p.multistream.NegotiationException;
import io.bzzz.p2p.mux.MuxedSession;
import io.bzzz.p2p.security.noise.NoiseXxHandshake;
import io.bzzz.p2p.security.noise.SecureChannel;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Upgrades a TCP socket: multistream-select {@code /noise}, the Noise XX handshake, multistream-
 * select of the muxer inside Noise, then the muxer session. The socket's read timeout bounds the
 * whole upgrade and is lifted once the muxer takes over.
 */
final class Upgrader {
  /** Result of an upgrade: the authenticated peer and its muxer session. */
  record Upgraded(
      MuxedSession session, PeerId remotePeer, Multiaddr remoteAddress, Multiaddr localAddress) {}

  private static final int READ_BUFFER = 64 * 1024;

  private final NoiseXxHandshake noise;
  private final StreamMuxerFactory muxer;

  Upgrader(NoiseXxHandshake noise, StreamMuxerFactory muxer) {
    this.noise = noise;
    this.muxer = muxer;
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
      SecureChannel secure;
      if (dialer) {
        MultistreamSelect.select(in, out, List.of(NoiseXxHandshake.PROTOCOL_ID));
        secure = noise.initiate(in, out, expected);
        MultistreamSelect.select(secure.in(), secure.out(), List.of(muxer.protocolId()));
      } else {
        require(MultistreamSelect.handle(in, out, NoiseXxHandshake.PROTOCOL_ID::equals), "/noise");
        secure = noise.respond(in, out);
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

  private static void require(Optional<String> agreed, String protocol)
      throws NegotiationException {
    if (agreed.isEmpty()) {
      throw new NegotiationException("peer did not propose " + protocol);
    }
  }
}
