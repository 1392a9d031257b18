package io.bzzz.log.storage;

import io.bzzz.log.sign.SignedHead;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * One of the two slots of the {@code head} file. Appends write the slot not holding the current
 * head, so a torn write leaves the previous head intact. Layout (136 bytes, little-endian): magic
 * "BZHD", seq u64, length u64, byteLength u64, fork u64, treeHash[32], signature[64], crc32c u32
 * over the preceding bytes.
 */
record HeadSlot(long seq, long previousLength, SignedHead head) {
  static final int SIZE = 144;
  private static final int MAGIC = 0x44485a42; // "BZHD" read little-endian

  byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC)
        .putLong(seq)
        .putLong(previousLength)
        .putLong(head.length())
        .putLong(head.byteLength());
    b.putLong(head.fork()).put(head.treeHash()).put(head.signature());
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, SIZE - 4);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** The slot in {@code bytes}, or empty when it was never written, is torn or is damaged. */
  static Optional<HeadSlot> decode(byte[] bytes) {
    if (bytes.length != SIZE) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, SIZE - 4);
    if (b.getInt(0) != MAGIC || b.getInt(SIZE - 4) != (int) crc.getValue()) {
      return Optional.empty();
    }
    b.position(4);
    long seq = b.getLong();
    long previousLength = b.getLong();
    long length = b.getLong();
    long byteLength = b.getLong();
    long fork = b.getLong();
    byte[] tree = new byte[32];
    byte[] sig = new byte[64];
    b.get(tree).get(sig);
    try {
      if (previousLength < 0 || previousLength > length) {
        return Optional.empty();
      }
      return Optional.of(
          new HeadSlot(seq, previousLength, new SignedHead(length, byteLength, fork, tree, sig)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static boolean isBlank(byte[] bytes) {
    for (byte x : bytes) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
