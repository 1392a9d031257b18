package io.bzzz.p2p.protocol.identify;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Identify ({@code /ipfs/id/1.0.0}) and identify push ({@code /ipfs/id/push/1.0.0}). The opener of
 * an identify stream asks; the other side answers with one message and closes. A push is the
 * reverse: the opener sends what changed and closes.
 */
public final class IdentifyService {
  public static final String PROTOCOL = "/ipfs/id/1.0.0";
  public static final String PUSH_PROTOCOL = "/ipfs/id/push/1.0.0";
  public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

  /** Receives what a peer told us, from a request we made or from its push. */
  @FunctionalInterface
  public interface Listener {
    void identified(Connection connection, IdentifyMessage message);
  }

  private final PrivateKey identity;
  private final String agentVersion;
  private final Supplier<List<String>> protocols;
  private final Supplier<List<Multiaddr>> listenAddresses;
  private final Listener listener;

  public IdentifyService(
      PrivateKey identity,
      String agentVersion,
      Supplier<List<String>> protocols,
      Supplier<List<Multiaddr>> listenAddresses,
      Listener listener) {
    this.identity = identity;
    this.agentVersion = agentVersion;
    this.protocols = protocols;
    this.listenAddresses = listenAddresses;
    this.listener = listener;
  }

  /** What we tell the peer at the other end of {@code connection}. */
  public IdentifyMessage ourMessage(Connection connection) {
    return new IdentifyMessage(
        Optional.of(identity.publicKey()),
        listenAddresses.get(),
        protocols.get(),
        Optional.of(connection.remoteAddress()),
        Optional.of(PROTOCOL_VERSION),
        Optional.of(agentVersion));
  }

  /** Serves {@code /ipfs/id/1.0.0}: answer and close our side. */
  public void handleRequest(P2pStream stream, Connection connection) throws IOException {
    stream.out().write(IdentifyCodec.encodeDelimited(ourMessage(connection)));
    stream.out().flush();
    stream.closeWrite();
  }

  /** Asks the peer who it is; the stream is closed before this returns. */
  public IdentifyMessage identify(Connection connection) throws IOException {
    try (P2pStream stream = connection.newStream(List.of(PROTOCOL))) {
      stream.closeWrite();
      IdentifyMessage message = read(stream, connection);
      if (message.publicKey().isEmpty()) {
        throw new IOException("identify from " + connection.remotePeer() + " lacks its public key");
      }
      listener.identified(connection, message);
      return message;
    }
  }

  /**
   * Serves {@code /ipfs/id/push/1.0.0}: reads what the peer sends and merges it once {@code
   * beforeMerge} returns (the host orders a push after the identify answer it follows).
   */
  public void handlePush(P2pStream stream, Connection connection, BeforeMerge beforeMerge)
      throws IOException {
    IdentifyMessage message = read(stream, connection);
    try {
      beforeMerge.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted before merging an identify push", e);
    }
    listener.identified(connection, message);
  }

  /** What a push waits for before it is merged. */
  @FunctionalInterface
  public interface BeforeMerge {
    void await() throws InterruptedException;
  }

  /** Tells the peer our current protocols and addresses. */
  public void push(Connection connection) throws IOException {
    try (P2pStream stream = connection.newStream(List.of(PUSH_PROTOCOL))) {
      stream.out().write(IdentifyCodec.encodeDelimited(ourMessage(connection)));
      stream.out().flush();
      stream.closeWrite();
    }
  }

  private static IdentifyMessage read(P2pStream stream, Connection connection) throws IOException {
    IdentifyMessage message;
    try {
      message = IdentifyCodec.readAll(stream.in());
    } catch (MalformedInputException e) {
      throw new IOException(
          "malformed identify from " + connection.remotePeer() + ": " + e.getMessage(), e);
    }
    if (message.publicKey().isPresent()
        && !message.publicKey().get().toPeerId().equals(connection.remotePeer())) {
      throw new IOException(
          "identify public key of "
              + message.publicKey().get().toPeerId()
              + " does not match the connection's peer "
              + connection.remotePeer());
    }
    return message;
  }
}
