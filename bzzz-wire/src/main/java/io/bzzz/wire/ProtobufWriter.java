package io.bzzz.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Deterministic protobuf encoding into one growing array: the caller writes fields in ascending
 * field number and omits absent optionals, and varints are minimal, so re-encoding a decoded
 * message gives the same bytes (signatures rely on it).
 */
public final class ProtobufWriter {
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;

  private byte[] buf;
  private int size;

  public ProtobufWriter() {
    this(32);
  }

  /** A writer whose first buffer holds {@code initialCapacity} bytes (sized to avoid growing). */
  public ProtobufWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  public ProtobufWriter varint(int field, long value) {
    tag(field, VARINT);
    writeVarint(value);
    return this;
  }

  public ProtobufWriter bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    writeVarint(value.length);
    raw(value, 0, value.length);
    return this;
  }

  public ProtobufWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes an embedded message from another writer's bytes. */
  public ProtobufWriter message(int field, ProtobufWriter message) {
    tag(field, LENGTH_DELIMITED);
    writeVarint(message.size);
    raw(message.buf, 0, message.size);
    return this;
  }

  /**
   * Starts a length-delimited field whose {@code length} bytes the caller writes next, so an
   * embedded message of known size needs no buffer of its own.
   */
  public ProtobufWriter lengthPrefix(int field, int length) {
    tag(field, LENGTH_DELIMITED);
    writeVarint(length);
    return this;
  }

  /** The UTF-8 length of {@code s} without encoding it, as {@link #string} would write it. */
  public static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += Character.isSurrogate(c) ? 1 : 3; // a lone surrogate is encoded as '?'
      }
    }
    return n;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** The message with its {@code uvarint(len)} prefix, as identify, pubsub and kad frame it. */
  public byte[] toDelimitedByteArray() {
    int prefix = Varint.size(size);
    byte[] framed = new byte[prefix + size];
    Varint.write(size, framed, 0);
    System.arraycopy(buf, 0, framed, prefix, size);
    return framed;
  }

  private void tag(int field, int wireType) {
    writeVarint(((long) field << 3) | wireType);
  }

  private void writeVarint(long value) {
    ensure(Varint.MAX_BYTES + 1);
    size = Varint.write(value, buf, size);
  }

  private void raw(byte[] src, int offset, int length) {
    ensure(length);
    System.arraycopy(src, offset, buf, size, length);
    size += length;
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }
}
