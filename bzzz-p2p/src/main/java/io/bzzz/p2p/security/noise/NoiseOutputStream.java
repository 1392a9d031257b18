package io.bzzz.p2p.security.noise;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Encrypts into Noise transport frames. Writes are buffered up to one frame's plaintext (65519
 * bytes) and sealed on {@link #flush()} or when the frame is full, so a muxer frame header and its
 * payload travel in one Noise frame. The lock keeps nonces and frames in order.
 */
final class NoiseOutputStream extends OutputStream {
  private static final byte[] NO_AD = new byte[0];

  private final OutputStream raw;
  private final CipherState cipher;
  private final ReentrantLock lock = new ReentrantLock();
  private final byte[] plaintext = new byte[NoiseFrames.MAX_PLAINTEXT];
  private final byte[] frame = new byte[2 + NoiseFrames.MAX_MESSAGE];
  private int buffered;

  NoiseOutputStream(OutputStream raw, CipherState cipher) {
    this.raw = raw;
    this.cipher = cipher;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    lock.lock();
    try {
      while (len > 0) {
        int n = Math.min(len, plaintext.length - buffered);
        System.arraycopy(b, off, plaintext, buffered, n);
        buffered += n;
        off += n;
        len -= n;
        if (buffered == plaintext.length) {
          seal();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void flush() throws IOException {
    lock.lock();
    try {
      if (buffered > 0) {
        seal();
      }
      raw.flush();
    } finally {
      lock.unlock();
    }
  }

  private void seal() throws IOException {
    int length = cipher.encrypt(NO_AD, plaintext, 0, buffered, frame, 2);
    frame[0] = (byte) (length >>> 8);
    frame[1] = (byte) length;
    raw.write(frame, 0, 2 + length);
    buffered = 0;
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      raw.close();
    }
  }
}
