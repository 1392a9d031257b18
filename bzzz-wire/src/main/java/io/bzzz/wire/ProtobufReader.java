package io.bzzz.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Pull parser for one protobuf message held in memory, or a slice of an array. Every length is
 * checked against the bytes left (and the caller's limit) before anything is allocated; unknown
 * fields are skipped with {@link #skip()}; groups (wire types 3 and 4) are errors. Varints follow
 * protobuf's rules (up to 10 bytes), not the stricter multiformats rules of {@link Varint}.
 */
public final class ProtobufReader {
  public static final int VARINT = 0;
  public static final int FIXED64 = 1;
  public static final int LENGTH_DELIMITED = 2;
  public static final int FIXED32 = 5;

  /** Largest field number protobuf allows (2^29 - 1). */
  private static final long MAX_FIELD = (1L << 29) - 1;

  private final byte[] buf;
  private final int end;
  private int pos;
  private int wireType = -1;

  public ProtobufReader(byte[] message) {
    this(message, 0, message.length);
  }

  public ProtobufReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  public boolean hasNext() {
    return pos < end;
  }

  /** Reads the next tag and returns its field number. */
  public int nextField() {
    long tag = readVarint();
    long field = tag >>> 3;
    if (field == 0 || field > MAX_FIELD) {
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
    return readVarint();
  }

  public boolean bool() {
    return varint() != 0;
  }

  /** A length-delimited value bounded only by the message it is in. */
  public byte[] bytes() {
    return bytes(Integer.MAX_VALUE, "protobuf field");
  }

  /** A length-delimited value of at most {@code max} bytes; {@code what} names it in errors. */
  public byte[] bytes(int max, String what) {
    int len = length(max, what);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
    pos += len;
    return out;
  }

  /** A string whose malformed UTF-8 sequences become U+FFFD (for text only shown or compared). */
  public String string() {
    int len = length(Integer.MAX_VALUE, "protobuf string");
    String s = new String(buf, pos, len, StandardCharsets.UTF_8);
    pos += len;
    return s;
  }

  /** A string of at most {@code max} bytes that must be valid UTF-8. */
  public String utf8String(int max, String what) {
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
      throw new MalformedInputException(what + " is not valid UTF-8");
    }
  }

  /** A reader over an embedded message, sharing this one's array; this reader moves past it. */
  public ProtobufReader message(String what) {
    int len = length(end - pos, what);
    ProtobufReader sub = new ProtobufReader(buf, pos, len);
    pos += len;
    return sub;
  }

  /** Skips the value of the field just read (unknown fields must be ignored, not rejected). */
  public void skip() {
    switch (wireType) {
      case VARINT -> readVarint();
      case FIXED64 -> advance(8);
      case LENGTH_DELIMITED -> advance(length(end - pos, "unknown field"));
      case FIXED32 -> advance(4);
      default -> throw new MalformedInputException("unsupported protobuf wire type " + wireType);
    }
  }

  private int length(int max, String what) {
    expect(LENGTH_DELIMITED);
    long len = readVarint();
    if (len > end - pos) {
      throw new MalformedInputException(
          what + " length " + len + " runs past the end of its message");
    }
    if (len > max) {
      throw new MalformedInputException(what + " length " + len + " exceeds limit " + max);
    }
    return (int) len;
  }

  private void expect(int type) {
    if (wireType != type) {
      throw new MalformedInputException(
          "protobuf wire type " + wireType + " where " + type + " was expected");
    }
  }

  private void advance(int n) {
    if (n > end - pos) {
      throw new MalformedInputException("protobuf field runs past the end of its message");
    }
    pos += n;
  }

  private long readVarint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new MalformedInputException("truncated protobuf varint");
      }
      int b = buf[pos++] & 0xff;
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new MalformedInputException("protobuf varint longer than 10 bytes");
  }
}
