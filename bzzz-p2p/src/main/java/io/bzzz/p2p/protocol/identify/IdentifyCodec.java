package io.bzzz.p2p.protocol.identify;

import io.bzzz.p2p.crypto.PublicKey;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.wire.MalformedInputException;
import io.bzzz.wire.ProtobufReader;
import io.bzzz.wire.ProtobufWriter;
import io.bzzz.wire.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Identify protobuf: publicKey=1, listenAddrs=2, protocols=3, observedAddr=4, protocolVersion=5,
 * agentVersion=6 (signedPeerRecord=8 and unknown fields are skipped). Messages are length-prefixed;
 * a reader merges up to {@link #MAX_MESSAGES} of at most {@link #MAX_MESSAGE_SIZE} bytes each.
 */
public final class IdentifyCodec {
  /** js's limit per message; go sends at most 4 KiB and splits the rest. */
  public static final int MAX_MESSAGE_SIZE = 8 * 1024;

  public static final int MAX_MESSAGES = 10;
  private static final int MAX_ENTRIES = 128;

  private IdentifyCodec() {}

  public static byte[] encodeDelimited(IdentifyMessage message) {
    ProtobufWriter w = new ProtobufWriter();
    message.publicKey().ifPresent(k -> w.bytes(1, k.toProtobuf()));
    message.listenAddresses().forEach(a -> w.bytes(2, a.bytes()));
    message.protocols().forEach(p -> w.string(3, p));
    message.observedAddress().ifPresent(a -> w.bytes(4, a.bytes()));
    message.protocolVersion().ifPresent(v -> w.string(5, v));
    message.agentVersion().ifPresent(v -> w.string(6, v));
    return w.toDelimitedByteArray();
  }

  public static IdentifyMessage decode(byte[] bytes) {
    ProtobufReader in = new ProtobufReader(bytes);
    Optional<PublicKey> key = Optional.empty();
    List<Multiaddr> listen = new ArrayList<>();
    List<String> protocols = new ArrayList<>();
    Optional<Multiaddr> observed = Optional.empty();
    Optional<String> protocolVersion = Optional.empty();
    Optional<String> agentVersion = Optional.empty();
    while (in.hasNext()) {
      switch (in.nextField()) {
        case 1 -> key = Optional.of(PublicKey.fromProtobuf(in.bytes()));
        case 2 -> addressOrSkip(in.bytes()).ifPresent(a -> addBounded(listen, a));
        case 3 -> addBounded(protocols, in.string());
        case 4 -> observed = addressOrSkip(in.bytes());
        case 5 -> protocolVersion = Optional.of(in.string());
        case 6 -> agentVersion = Optional.of(in.string());
        default -> in.skip();
      }
    }
    return new IdentifyMessage(key, listen, protocols, observed, protocolVersion, agentVersion);
  }

  /** Reads delimited messages until end of stream and merges them. */
  public static IdentifyMessage readAll(InputStream in) throws IOException {
    IdentifyMessage merged = IdentifyMessage.empty();
    for (int i = 0; ; i++) {
      int length = Varint.readLength(in, MAX_MESSAGE_SIZE);
      if (length < 0) {
        if (i == 0) {
          throw new EOFException("identify stream ended without a message");
        }
        return merged;
      }
      if (i == MAX_MESSAGES) {
        throw new MalformedInputException("more than " + MAX_MESSAGES + " identify messages");
      }
      byte[] body = in.readNBytes(length);
      if (body.length < length) {
        throw new EOFException("identify stream ended inside a message");
      }
      merged = merged.merge(decode(body));
    }
  }

  /** Addresses with protocols we do not know (quic, ws, circuit) are skipped, not fatal. */
  private static Optional<Multiaddr> addressOrSkip(byte[] bytes) {
    try {
      return Optional.of(Multiaddr.fromBytes(bytes));
    } catch (MalformedInputException e) {
      return Optional.empty();
    }
  }

  private static <T> void addBounded(List<T> list, T value) {
    if (list.size() >= MAX_ENTRIES) {
      throw new MalformedInputException("identify message lists more than " + MAX_ENTRIES);
    }
    list.add(value);
  }
}
