package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.crypto.PublicKey;
import io.bzzz.p2p.pubsub.wire.PubMessage;
import io.bzzz.p2p.pubsub.wire.RpcCodec;
import io.bzzz.wire.MalformedInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The StrictSign policy: every message carries {@code from}, an 8-byte {@code seqno} and an Ed25519
 * signature over {@code "libp2p-pubsub:" || Message{from, data, seqno, topic}}. We omit {@code key}
 * (it is inlined in Ed25519 peer ids, as go does) and accept it present or absent.
 */
public final class StrictSign {
  static final byte[] PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);
  public static final int SEQNO_SIZE = 8;

  private StrictSign() {}

  /** The bytes a signature covers. */
  public static byte[] signedBytes(PubMessage message) {
    byte[] body = RpcCodec.encodeMessage(message.unsigned());
    byte[] out = Arrays.copyOf(PREFIX, PREFIX.length + body.length);
    System.arraycopy(body, 0, out, PREFIX.length, body.length);
    return out;
  }

  public static PubMessage sign(PrivateKey key, String topic, byte[] data, long seqno) {
    PubMessage unsigned =
        new PubMessage(
            Optional.of(key.peerId().bytes()),
            Optional.of(data),
            Optional.of(ByteBuffer.allocate(SEQNO_SIZE).putLong(seqno).array()),
            topic,
            Optional.empty(),
            Optional.empty());
    byte[] signature = key.sign(signedBytes(unsigned));
    return new PubMessage(
        unsigned.from(),
        unsigned.data(),
        unsigned.seqno(),
        topic,
        Optional.of(signature),
        Optional.empty());
  }

  /**
   * Checks a received message in js's order: seqno of 8 bytes, signature present, {@code from} a
   * valid peer id, {@code key} (if any) matching it, signature valid.
   *
   * @return the author
   * @throws InvalidMessageException saying what is wrong
   */
  public static PeerId verify(PubMessage message) {
    return verify(message, new AuthorKeys(0));
  }

  /** As {@link #verify(PubMessage)}, reusing keys already decoded for known authors. */
  static PeerId verify(PubMessage message, AuthorKeys keys) {
    byte[] seqno = message.seqno().orElseThrow(() -> new InvalidMessageException("no seqno"));
    if (seqno.length != SEQNO_SIZE) {
      throw new InvalidMessageException("seqno of " + seqno.length + " bytes, not 8");
    }
    byte[] signature =
        message.signature().orElseThrow(() -> new InvalidMessageException("no signature"));
    PeerId author;
    PublicKey key;
    try {
      author =
          PeerId.fromBytes(
              message.from().orElseThrow(() -> new InvalidMessageException("no from")));
      if (message.key().isPresent()) {
        key = PublicKey.fromProtobuf(message.key().get());
        if (!key.toPeerId().equals(author)) {
          throw new InvalidMessageException("key does not match from");
        }
      } else {
        key =
            keys.of(author)
                .orElseThrow(() -> new InvalidMessageException("no key for hashed peer id"));
      }
    } catch (MalformedInputException e) {
      throw new InvalidMessageException("bad from or key: " + e.getMessage());
    }
    if (!key.verify(signedBytes(message), signature)) {
      throw new InvalidMessageException("signature does not verify");
    }
    return author;
  }

  public static long seqnoValue(PubMessage message) {
    return ByteBuffer.wrap(message.seqno().orElseThrow()).getLong();
  }

  /** A message that fails StrictSign; the peer that sent it is at fault. */
  public static final class InvalidMessageException extends RuntimeException {
    public InvalidMessageException(String message) {
      super(message);
    }
  }
}
