package io.bzzz.p2p.pubsub;

import java.util.Arrays;
import java.util.HexFormat;

/** A message id as carried in IHAVE/IWANT: opaque bytes compared by value. */
public final class MessageId {
  private final byte[] bytes;
  private final int hash;

  private MessageId(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  public static MessageId of(byte[] bytes) {
    return new MessageId(bytes.clone());
  }

  /** The id of a message whose id function concatenates two fields (the default from||seqno). */
  public static MessageId concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return new MessageId(out);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
