package io.bzzz.p2p.security.noise;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Noise framing: {@code uint16_be(len) || message}, messages of at most 65535 bytes. */
final class NoiseFrames {
  static final int MAX_MESSAGE = 65535;
  static final int MAX_PLAINTEXT = MAX_MESSAGE - CipherState.TAG_SIZE;

  private NoiseFrames() {}

  /** Reads a frame's length; -1 on a clean end of stream before it. */
  static int readLength(InputStream in) throws IOException {
    int hi = in.read();
    if (hi < 0) {
      return -1;
    }
    int lo = in.read();
    if (lo < 0) {
      throw new EOFException("stream ended inside a noise frame length");
    }
    return (hi << 8) | lo;
  }

  static void readFully(InputStream in, byte[] buffer, int length) throws IOException {
    int n = in.readNBytes(buffer, 0, length);
    if (n < length) {
      throw new EOFException("stream ended inside a noise frame (" + n + " of " + length + ")");
    }
  }

  static byte[] readMessage(InputStream in) throws IOException {
    int length = readLength(in);
    if (length < 0) {
      throw new EOFException("stream ended during the noise handshake");
    }
    byte[] message = new byte[length];
    readFully(in, message, length);
    return message;
  }

  static byte[] frame(byte[] message) {
    if (message.length > MAX_MESSAGE) {
      throw new IllegalArgumentException("noise message longer than " + MAX_MESSAGE);
    }
    byte[] out = new byte[2 + message.length];
    out[0] = (byte) (message.length >>> 8);
    out[1] = (byte) message.length;
    System.arraycopy(message, 0, out, 2, message.length);
    return out;
  }
}
