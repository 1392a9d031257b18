package io.bzzz.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Multiformats unsigned varint (LEB128): 7 bits a byte, at most 9 bytes, minimal encoding only.
 * Non-minimal and over-long encodings are rejected, as go-libp2p does.
 */
public final class Varint {
  public static final int MAX_BYTES = 9;

  private Varint() {}

  public static int size(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varint must be non-negative: " + value);
    }
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  public static byte[] encode(long value) {
    byte[] out = new byte[size(value)];
    write(value, out, 0);
    return out;
  }

  /** Writes {@code value} at {@code offset}; returns the offset after it. */
  public static int write(long value, byte[] out, int offset) {
    int n = size(value);
    for (int i = 0; i < n - 1; i++) {
      out[offset++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out[offset++] = (byte) value;
    return offset;
  }

  public static void write(long value, OutputStream out) throws IOException {
    out.write(encode(value));
  }

  public static void write(long value, ByteBuffer out) {
    out.put(encode(value));
  }

  /** Reads one varint from the buffer, advancing its position. */
  public static long read(ByteBuffer in) {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (!in.hasRemaining()) {
        throw new MalformedInputException("varint truncated");
      }
      int b = in.get() & 0xff;
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new MalformedInputException("varint not minimally encoded");
        }
        return value;
      }
    }
    throw new MalformedInputException("varint longer than " + MAX_BYTES + " bytes");
  }

  /**
   * Reads one varint from a stream. Returns -1 on a clean end of stream before the first byte;
   * throws {@link EOFException} on an end inside the varint.
   */
  public static long read(InputStream in) throws IOException {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      int b = in.read();
      if (b < 0) {
        if (i == 0) {
          return -1;
        }
        throw new EOFException("stream ended inside a varint");
      }
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new MalformedInputException("varint not minimally encoded");
        }
        return value;
      }
    }
    throw new MalformedInputException("varint longer than " + MAX_BYTES + " bytes");
  }

  /** Reads a varint that must be at most {@code max}; use it for every length prefix. */
  public static int readLength(InputStream in, int max) throws IOException {
    long len = read(in);
    if (len < 0) {
      return -1;
    }
    if (len > max) {
      throw new MalformedInputException("length " + len + " exceeds limit " + max);
    }
    return (int) len;
  }
}
