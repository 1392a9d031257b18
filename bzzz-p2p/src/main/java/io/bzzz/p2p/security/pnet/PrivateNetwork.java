package io.bzzz.p2p.security.pnet;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The private-network layer (pnet/Private-Networks-PSK-V1) between TCP and multistream-select: each
 * side sends a random 24-byte nonce in the clear, then everything it writes is XORed with the
 * XSalsa20 key stream of (PSK, its own nonce), and everything it reads with the stream of (PSK, the
 * peer's nonce). It gives no authenticity; a peer with another key (or none) just produces noise,
 * which the next layer's first read rejects. BouncyCastle's {@link XSalsa20Engine} does the cipher.
 */
public final class PrivateNetwork {
  public static final int NONCE_LENGTH = 24;

  private PrivateNetwork() {}

  /** The two directions of a protected connection. Closing either closes the socket's stream. */
  public record Protected(InputStream in, OutputStream out) {}

  /**
   * Sends our nonce, reads the peer's, and returns the enciphering streams. Both sides write first,
   * so neither waits for the other.
   */
  public static Protected protect(
      InputStream in, OutputStream out, SwarmKey key, SecureRandom random) throws IOException {
    byte[] ours = new byte[NONCE_LENGTH];
    random.nextBytes(ours);
    out.write(ours);
    out.flush();
    byte[] theirs = in.readNBytes(NONCE_LENGTH);
    if (theirs.length != NONCE_LENGTH) {
      throw new EOFException(
          "private network: the peer closed before sending its nonce"
              + " (it may not be in this private network)");
    }
    return new Protected(
        new Deciphering(in, cipher(key, theirs)), new Enciphering(out, cipher(key, ours)));
  }

  static XSalsa20Engine cipher(SwarmKey key, byte[] nonce) {
    XSalsa20Engine engine = new XSalsa20Engine();
    engine.init(true, new ParametersWithIV(new KeyParameter(key.bytes()), nonce));
    return engine;
  }

  /** Reads through the peer's key stream. Single reader, as the layers above use it. */
  private static final class Deciphering extends FilterInputStream {
    private final XSalsa20Engine engine;

    Deciphering(InputStream in, XSalsa20Engine engine) {
      super(in);
      this.engine = engine;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      return b < 0 ? b : engine.returnByte((byte) b) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        engine.processBytes(b, off, n, b, off);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // skipping would desynchronise the key stream
      byte[] sink = new byte[(int) Math.min(n, 8192)];
      int read = read(sink, 0, sink.length);
      return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /** Writes through our key stream. Single writer at a time (the layers above serialise). */
  private static final class Enciphering extends FilterOutputStream {
    private final XSalsa20Engine engine;

    Enciphering(OutputStream out, XSalsa20Engine engine) {
      super(out);
      this.engine = engine;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(engine.returnByte((byte) b));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      byte[] sealed = new byte[len];
      engine.processBytes(b, off, len, sealed, 0);
      out.write(sealed);
    }
  }
}
