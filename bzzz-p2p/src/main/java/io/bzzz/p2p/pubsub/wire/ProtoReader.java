package io.bzzz.p2p.pubsub.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads protobuf fields from a slice of a byte array. Every length is checked against what is left
 * before anything is allocated; unknown fields are skipped; groups (wire types 3 and 4) are errors.
 */
final class ProtoReader {
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LEN = 2;
  private static final int FIXED32 = 5;

  private final byte[] buf;
  private final int end;
  private int pos;
  private int wireType;

  ProtoReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  boolean hasMore() {
    return pos < end;
  }

  /** Reads the next tag and returns its field number. */
  int nextField() {
    long tag = varint();
    wireType = (int) (tag & 7);
    long field = tag >>> 3;
    if (field == 0 || field > Integer.MAX_VALUE) {
      throw new MalformedRpcException("invalid protobuf field number " + field);
    }
    return (int) field;
  }

  long varintValue() {
    expect(VARINT);
    return varint();
  }

  boolean boolValue() {
    return varintValue() != 0;
  }

  byte[] bytesValue(int max, String what) {
    int len = length(max, what);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
    pos += len;
    return out;
  }

  String stringValue(int max, String what) {
    int len = length(max, what);
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buf, pos, len))
              .toString();
      pos += len;
      return s;
    } catch (CharacterCodingException e) {
      throw new MalformedRpcException(what + " is not valid UTF-8");
    }
  }

  /** A reader over an embedded message; this reader moves past it. */
  ProtoReader messageValue(String what) {
    int len = length(end - pos, what);
    ProtoReader sub = new ProtoReader(buf, pos, len);
    pos += len;
    return sub;
  }

  void skip() {
    switch (wireType) {
      case VARINT -> varint();
      case FIXED64 -> advance(8);
      case LEN -> advance(length(end - pos, "unknown field"));
      case FIXED32 -> advance(4);
      default -> throw new MalformedRpcException("unsupported protobuf wire type " + wireType);
    }
  }

  private int length(int max, String what) {
    expect(LEN);
    long len = varint();
    if (len > end - pos) {
      throw new MalformedRpcException(
          what + " length " + len + " runs past the end of its message");
    }
    if (len > max) {
      throw new MalformedRpcException(what + " length " + len + " exceeds limit " + max);
    }
    return (int) len;
  }

  private void expect(int type) {
    if (wireType != type) {
      throw new MalformedRpcException(
          "protobuf wire type " + wireType + " where " + type + " was expected");
    }
  }

  private void advance(int n) {
    if (n > end - pos) {
      throw new MalformedRpcException("protobuf field runs past the end of its message");
    }
    pos += n;
  }

  private long varint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new MalformedRpcException("truncated protobuf varint");
      }
      int b = buf[pos++] & 0xff;
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new MalformedRpcException("protobuf varint longer than 10 bytes");
  }
}
