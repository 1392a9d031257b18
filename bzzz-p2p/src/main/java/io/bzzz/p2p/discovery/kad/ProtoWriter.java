package io.bzzz.p2p.discovery.kad;

import io.bzzz.p2p.multiformats.Varint;
import java.io.ByteArrayOutputStream;

/** Writes protobuf fields in the order called (callers go in field-number order). */
final class ProtoWriter {
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  ProtoWriter varint(int field, long value) {
    out.writeBytes(Varint.encode(((long) field << 3) | VARINT));
    out.writeBytes(Varint.encode(value));
    return this;
  }

  ProtoWriter bytes(int field, byte[] value) {
    out.writeBytes(Varint.encode(((long) field << 3) | LENGTH_DELIMITED));
    out.writeBytes(Varint.encode(value.length));
    out.writeBytes(value);
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
