package io.bzzz.p2p.pubsub.wire;

import java.util.Optional;

/**
 * A pubsub {@code Message} as it travels on the wire. Optional fields keep the difference between
 * absent and empty, because the signature covers the re-encoded fields 1 to 4 and both go and js
 * re-encode exactly what was present. Byte arrays are not copied: treat them as immutable.
 */
public record PubMessage(
    Optional<byte[]> from,
    Optional<byte[]> data,
    Optional<byte[]> seqno,
    String topic,
    Optional<byte[]> signature,
    Optional<byte[]> key) {

  /** The payload; an absent {@code data} field reads as empty. */
  public byte[] dataOrEmpty() {
    return data.orElse(new byte[0]);
  }

  /** The same message without {@code signature} and {@code key}: what StrictSign signs. */
  public PubMessage unsigned() {
    return new PubMessage(from, data, seqno, topic, Optional.empty(), Optional.empty());
  }
}
