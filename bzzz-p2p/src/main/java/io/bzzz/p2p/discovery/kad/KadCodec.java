package io.bzzz.p2p.discovery.kad;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.wire.MalformedInputException;
import io.bzzz.wire.ProtobufReader;
import io.bzzz.wire.ProtobufWriter;
import io.bzzz.wire.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Encodes and decodes kad messages, framed as {@code uvarint(length) || protobuf}. Limits: a
 * message is at most {@link #MAX_MESSAGE} bytes, carries at most {@link #MAX_PEERS} peers with at
 * most {@link #MAX_ADDRESSES} addresses each. Addresses we cannot parse (transports Bzzz does not
 * speak) are skipped, not fatal; a malformed message is a {@link MalformedInputException}.
 */
public final class KadCodec {
  public static final int MAX_MESSAGE = 64 * 1024;
  public static final int MAX_PEERS = 64;
  public static final int MAX_ADDRESSES = 32;

  private static final int TYPE = 1;
  private static final int KEY = 2;
  private static final int CLOSER_PEERS = 8;
  private static final int PEER_ID = 1;
  private static final int PEER_ADDRS = 2;
  private static final int PEER_CONNECTION = 3;

  private KadCodec() {}

  public static byte[] encode(KadMessage message) {
    ProtobufWriter w = new ProtobufWriter();
    if (message.type().number != 0) {
      w.varint(TYPE, message.type().number);
    }
    byte[] key = message.key();
    if (key.length > 0) {
      w.bytes(KEY, key);
    }
    for (KadPeer peer : message.closerPeers()) {
      w.bytes(CLOSER_PEERS, encodePeer(peer));
    }
    return w.toByteArray();
  }

  public static KadMessage decode(byte[] data) {
    if (data.length > MAX_MESSAGE) {
      throw new MalformedInputException("kad message longer than " + MAX_MESSAGE + " bytes");
    }
    ProtobufReader r = new ProtobufReader(data);
    KadMessage.Type type = KadMessage.Type.PUT_VALUE;
    byte[] key = new byte[0];
    List<KadPeer> peers = new ArrayList<>();
    while (r.hasNext()) {
      switch (r.nextField()) {
        case TYPE -> type = KadMessage.Type.of(r.varint());
        case KEY -> key = r.bytes();
        case CLOSER_PEERS -> {
          if (peers.size() == MAX_PEERS) {
            throw new MalformedInputException("kad message with more than " + MAX_PEERS + " peers");
          }
          decodePeer(r.bytes()).ifPresent(peers::add);
        }
        default -> r.skip();
      }
    }
    return new KadMessage(type, key, peers);
  }

  public static void write(KadMessage message, OutputStream out) throws IOException {
    byte[] body = encode(message);
    out.write(Varint.encode(body.length));
    out.write(body);
    out.flush();
  }

  /** Reads one framed message; empty at a clean end of stream. */
  public static Optional<KadMessage> read(InputStream in) throws IOException {
    int length = Varint.readLength(in, MAX_MESSAGE);
    if (length < 0) {
      return Optional.empty();
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new EOFException("kad message truncated: " + body.length + " of " + length + " bytes");
    }
    return Optional.of(decode(body));
  }

  private static byte[] encodePeer(KadPeer peer) {
    ProtobufWriter w = new ProtobufWriter().bytes(PEER_ID, peer.id().bytes());
    for (Multiaddr address : peer.addresses()) {
      w.bytes(PEER_ADDRS, address.bytes());
    }
    if (peer.connection().number != 0) {
      w.varint(PEER_CONNECTION, peer.connection().number);
    }
    return w.toByteArray();
  }

  /** A peer, or empty when its id does not parse (one bad entry does not spoil the response). */
  private static Optional<KadPeer> decodePeer(byte[] data) {
    ProtobufReader r = new ProtobufReader(data);
    Optional<PeerId> id = Optional.empty();
    List<Multiaddr> addresses = new ArrayList<>();
    KadPeer.Connectedness connection = KadPeer.Connectedness.NOT_CONNECTED;
    while (r.hasNext()) {
      switch (r.nextField()) {
        case PEER_ID -> id = parsePeerId(r.bytes());
        case PEER_ADDRS -> {
          byte[] raw = r.bytes();
          if (addresses.size() < MAX_ADDRESSES) {
            parseAddress(raw).ifPresent(addresses::add);
          }
        }
        case PEER_CONNECTION -> connection = KadPeer.Connectedness.of(r.varint());
        default -> r.skip();
      }
    }
    KadPeer.Connectedness connectedness = connection;
    return id.map(p -> new KadPeer(p, addresses, connectedness));
  }

  private static Optional<PeerId> parsePeerId(byte[] raw) {
    try {
      return Optional.of(PeerId.fromBytes(raw));
    } catch (MalformedInputException e) {
      return Optional.empty();
    }
  }

  private static Optional<Multiaddr> parseAddress(byte[] raw) {
    try {
      return Optional.of(Multiaddr.fromBytes(raw));
    } catch (MalformedInputException e) {
      return Optional.empty();
    }
  }
}
