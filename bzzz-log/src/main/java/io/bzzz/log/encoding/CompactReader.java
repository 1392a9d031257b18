package io.bzzz.log.encoding;

import io.bzzz.wire.MalformedInputException;
import java.util.Arrays;

/**
 * Reads Hypercore's compact-encoding from a byte array: {@code uint} (1 byte up to 0xfc, else
 * 0xfd/0xfe/0xff + 2/4/8 bytes LE), fixed-size fields and length-prefixed buffers. Every read
 * checks the remaining bytes first, so a truncated or lying input fails before anything is
 * allocated.
 */
public final class CompactReader {
  private final byte[] buf;
  private int pos;
  private final int end;

  public CompactReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public CompactReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  public long uint() {
    int first = u8();
    return switch (first) {
      case 0xfd -> fixedLe(2);
      case 0xfe -> fixedLe(4);
      case 0xff -> {
        long v = fixedLe(8);
        if (v < 0) {
          throw new MalformedInputException("uint above 2^63");
        }
        yield v;
      }
      default -> first;
    };
  }

  /** A {@code uint} that must fit in {@code [0, max]}. */
  public long uint(String what, long max) {
    long v = uint();
    if (v > max) {
      throw new MalformedInputException(what + " " + v + " exceeds the limit " + max);
    }
    return v;
  }

  public int u8() {
    need(1);
    return buf[pos++] & 0xff;
  }

  public long u64le() {
    return fixedLe(8);
  }

  public byte[] fixed(int n) {
    need(n);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  /** A length-prefixed buffer of at most {@code max} bytes. */
  public byte[] buffer(String what, int max) {
    int n = (int) uint(what + " length", max);
    return fixed(n);
  }

  public int remaining() {
    return end - pos;
  }

  public void expectEnd(String what) {
    if (pos != end) {
      throw new MalformedInputException(what + ": " + (end - pos) + " trailing bytes");
    }
  }

  private long fixedLe(int n) {
    need(n);
    long v = 0;
    for (int i = 0; i < n; i++) {
      v |= (buf[pos + i] & 0xffL) << (8 * i);
    }
    pos += n;
    return v;
  }

  private void need(int n) {
    if (n < 0 || end - pos < n) {
      throw new MalformedInputException(
          "truncated input: need " + n + " bytes, " + (end - pos) + " left");
    }
  }
}
