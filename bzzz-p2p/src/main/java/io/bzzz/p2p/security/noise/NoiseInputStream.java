package io.bzzz.p2p.security.noise;

import java.io.IOException;
import java.io.InputStream;

/**
 * Decrypts Noise transport frames from the raw channel. One reader only (the muxer's reader
 * thread); the raw stream's owner closes it.
 */
final class NoiseInputStream extends InputStream {
  private static final byte[] NO_AD = new byte[0];

  private final InputStream raw;
  private final CipherState cipher;
  private final byte[] ciphertext = new byte[NoiseFrames.MAX_MESSAGE];
  private final byte[] plaintext = new byte[NoiseFrames.MAX_MESSAGE];
  private int position;
  private int limit;
  private boolean eof;

  NoiseInputStream(InputStream raw, CipherState cipher) {
    this.raw = raw;
    this.cipher = cipher;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return plaintext[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, limit - position);
    System.arraycopy(plaintext, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return limit - position;
  }

  /** Decrypts frames until plaintext is buffered; false at a clean end of stream. */
  private boolean fill() throws IOException {
    while (position == limit) {
      if (eof) {
        return false;
      }
      int length = NoiseFrames.readLength(raw);
      if (length < 0) {
        eof = true;
        return false;
      }
      NoiseFrames.readFully(raw, ciphertext, length);
      limit = cipher.decrypt(NO_AD, ciphertext, 0, length, plaintext, 0);
      position = 0;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    raw.close();
  }
}
