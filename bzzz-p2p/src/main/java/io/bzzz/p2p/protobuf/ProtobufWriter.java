package io.bzzz.p2p.protobuf;

import io.bzzz.p2p.multiformats.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Deterministic protobuf encoding: the caller writes fields in ascending field number and omits
 * absent optionals, so re-encoding a decoded message gives the same bytes (signatures rely on it).
 */
public final class ProtobufWriter {
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public ProtobufWriter varint(int field, long value) {
    tag(field, VARINT);
    out.writeBytes(Varint.encode(value));
    return this;
  }

  public ProtobufWriter bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    out.writeBytes(Varint.encode(value.length));
    out.writeBytes(value);
    return this;
  }

  public ProtobufWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  public int size() {
    return out.size();
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  /** The message with its {@code uvarint(len)} prefix, as identify, pubsub and kad frame it. */
  public byte[] toDelimitedByteArray() {
    byte[] body = out.toByteArray();
    byte[] prefix = Varint.encode(body.length);
    byte[] framed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, framed, 0, prefix.length);
    System.arraycopy(body, 0, framed, prefix.length, body.length);
    return framed;
  }

  private void tag(int field, int wireType) {
    out.writeBytes(Varint.encode(((long) field << 3) | wireType));
  }
}
