package io.bzzz.p2p.interop;

import io.bzzz.p2p.P2pStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.SplittableRandom;

/** {@code /bzzz/echo/1.0.0}: the listener writes back everything until end of stream. */
final class EchoProtocol {
  static final String ID = "/bzzz/echo/1.0.0";
  private static final int CHUNK = 64 * 1024;

  private EchoProtocol() {}

  static void serve(P2pStream stream) throws IOException {
    stream.in().transferTo(stream.out());
    stream.out().flush();
    stream.closeWrite();
  }

  /**
   * Sends {@code size} pseudo-random bytes (from {@code seed}) while a second thread reads the echo
   * and compares it byte by byte; returns normally only if the echo is exact.
   */
  static void roundTrip(P2pStream stream, long seed, int size) throws Exception {
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    write(stream.out(), seed, size);
                    stream.closeWrite();
                  } catch (IOException e) {
                    stream.reset();
                  }
                });
    try {
      verify(stream.in(), seed, size);
    } finally {
      writer.join();
    }
  }

  private static void write(OutputStream out, long seed, int size) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] chunk = new byte[CHUNK];
    for (int sent = 0; sent < size; sent += CHUNK) {
      int n = Math.min(CHUNK, size - sent);
      fill(random, chunk, n);
      out.write(chunk, 0, n);
    }
    out.flush();
  }

  private static void verify(InputStream in, long seed, int size) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] expected = new byte[CHUNK];
    byte[] actual = new byte[CHUNK];
    for (int received = 0; received < size; received += CHUNK) {
      int n = Math.min(CHUNK, size - received);
      fill(random, expected, n);
      int got = in.readNBytes(actual, 0, n);
      if (got < n) {
        throw new IOException("echo ended after " + (received + got) + " of " + size + " bytes");
      }
      if (!java.util.Arrays.equals(expected, 0, n, actual, 0, n)) {
        throw new IOException("echo differs within bytes " + received + ".." + (received + n));
      }
    }
    if (in.read() != -1) {
      throw new IOException("echo longer than " + size + " bytes");
    }
  }

  private static void fill(SplittableRandom random, byte[] buffer, int n) {
    for (int i = 0; i < n; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8 && i + j < n; j++) {
        buffer[i + j] = (byte) (v >>> (8 * j));
      }
    }
  }
}
