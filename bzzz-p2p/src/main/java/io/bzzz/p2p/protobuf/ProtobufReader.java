package io.bzzz.p2p.protobuf;

import io.bzzz.p2p.multiformats.MalformedInputException;
import io.bzzz.p2p.multiformats.Varint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Pull parser for one protobuf message held in memory. Length-delimited fields are bounded by the
 * remaining bytes before anything is allocated; unknown fields are skipped with {@link #skip()}.
 */
public final class ProtobufReader {
  public static final int VARINT = 0;
  public static final int FIXED64 = 1;
  public static final int LENGTH_DELIMITED = 2;
  public static final int FIXED32 = 5;

  private final ByteBuffer in;
  private int wireType = -1;

  public ProtobufReader(byte[] message) {
    this.in = ByteBuffer.wrap(message);
  }

  public boolean hasNext() {
    return in.hasRemaining();
  }

  /** Reads the next tag and returns its field number. */
  public int nextField() {
    long tag = Varint.read(in);
    long field = tag >>> 3;
    if (field == 0 || field > Integer.MAX_VALUE >>> 3) {
      throw new MalformedInputException("protobuf field number " + field + " out of range");
    }
    wireType = (int) (tag & 7);
    return (int) field;
  }

  public int wireType() {
    return wireType;
  }

  public long varint() {
    expect(VARINT);
    return Varint.read(in);
  }

  public byte[] bytes() {
    expect(LENGTH_DELIMITED);
    long length = Varint.read(in);
    if (length > in.remaining()) {
      throw new MalformedInputException(
          "protobuf field length " + length + " exceeds the " + in.remaining() + " bytes left");
    }
    byte[] value = new byte[(int) length];
    in.get(value);
    return value;
  }

  public String string() {
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  /** Skips the value of the field just read (unknown fields must be ignored, not rejected). */
  public void skip() {
    switch (wireType) {
      case VARINT -> Varint.read(in);
      case FIXED64 -> advance(8);
      case LENGTH_DELIMITED -> bytes();
      case FIXED32 -> advance(4);
      default -> throw new MalformedInputException("unsupported protobuf wire type " + wireType);
    }
  }

  private void advance(int n) {
    if (n > in.remaining()) {
      throw new MalformedInputException("protobuf field truncated");
    }
    in.position(in.position() + n);
  }

  private void expect(int type) {
    if (wireType != type) {
      throw new MalformedInputException(
          "protobuf wire type " + wireType + " where " + type + " was expected");
    }
  }
}
