package io.bzzz.p2p.pubsub.wire;

import io.bzzz.p2p.multiformats.Varint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends protobuf fields in the order written: callers write ascending field numbers. */
final class ProtoWriter {
  static final int VARINT = 0;
  static final int LEN = 2;

  private byte[] buf;
  private int size;

  ProtoWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  void varintField(int field, long value) {
    tag(field, VARINT);
    varint(value);
  }

  void bytesField(int field, byte[] value) {
    tag(field, LEN);
    varint(value.length);
    raw(value, 0, value.length);
  }

  void stringField(int field, String value) {
    bytesField(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Starts a length-delimited field whose {@code length} bytes the caller writes next. */
  void lengthPrefix(int field, int length) {
    tag(field, LEN);
    varint(length);
  }

  /** The UTF-8 length of {@code s} without encoding it. */
  static int utf8Length(String s) {
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

  /** Writes an embedded message from another writer's bytes. */
  void messageField(int field, ProtoWriter message) {
    tag(field, LEN);
    varint(message.size);
    raw(message.buf, 0, message.size);
  }

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  private void varint(long value) {
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
