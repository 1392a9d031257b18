package io.bzzz.p2p.discovery.kad;

import io.bzzz.p2p.multiformats.MalformedInputException;
import io.bzzz.p2p.multiformats.Varint;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads protobuf fields one at a time from a bounded buffer. Unknown fields are skipped by the
 * caller with {@link #skip}; lengths are checked against the bytes left before copying.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final ByteBuffer in;
  private int wireType;

  ProtoReader(byte[] data) {
    this.in = ByteBuffer.wrap(data);
  }

  boolean hasNext() {
    return in.hasRemaining();
  }

  /** Reads the next tag; returns its field number. */
  int nextField() {
    long tag = Varint.read(in);
    wireType = (int) (tag & 7);
    long field = tag >>> 3;
    if (field == 0 || field > Integer.MAX_VALUE) {
      throw new MalformedInputException("protobuf field number " + field + " is invalid");
    }
    return (int) field;
  }

  int wireType() {
    return wireType;
  }

  long varint() {
    expect(VARINT);
    return Varint.read(in);
  }

  byte[] bytes() {
    expect(LENGTH_DELIMITED);
    long length = Varint.read(in);
    if (length > in.remaining()) {
      throw new MalformedInputException("protobuf field length " + length + " exceeds the message");
    }
    int start = in.position();
    in.position(start + (int) length);
    return Arrays.copyOfRange(in.array(), start, start + (int) length);
  }

  void skip() {
    switch (wireType) {
      case VARINT -> Varint.read(in);
      case FIXED64 -> advance(8);
      case FIXED32 -> advance(4);
      case LENGTH_DELIMITED -> {
        long length = Varint.read(in);
        if (length > in.remaining()) {
          throw new MalformedInputException("protobuf field length exceeds the message");
        }
        advance((int) length);
      }
      default -> throw new MalformedInputException("unsupported protobuf wire type " + wireType);
    }
  }

  private void advance(int n) {
    if (n > in.remaining()) {
      throw new MalformedInputException("protobuf message truncated");
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
