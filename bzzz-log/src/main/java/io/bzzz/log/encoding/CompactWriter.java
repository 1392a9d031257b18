package io.bzzz.log.encoding;

import java.io.ByteArrayOutputStream;

/** Writes Hypercore's compact-encoding (see {@link CompactReader}). */
public final class CompactWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public CompactWriter uint(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("uint must not be negative: " + v);
    }
    if (v <= 0xfc) {
      out.write((int) v);
    } else if (v <= 0xffff) {
      out.write(0xfd);
      le(v, 2);
    } else if (v <= 0xffffffffL) {
      out.write(0xfe);
      le(v, 4);
    } else {
      out.write(0xff);
      le(v, 8);
    }
    return this;
  }

  public CompactWriter u8(int v) {
    out.write(v);
    return this;
  }

  public CompactWriter u64le(long v) {
    le(v, 8);
    return this;
  }

  public CompactWriter fixed(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  public CompactWriter buffer(byte[] bytes) {
    uint(bytes.length);
    out.writeBytes(bytes);
    return this;
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  private void le(long v, int n) {
    for (int i = 0; i < n; i++) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
  }
}
