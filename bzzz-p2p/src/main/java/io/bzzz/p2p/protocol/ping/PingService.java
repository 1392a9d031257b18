package io.bzzz.p2p.protocol.ping;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.P2pStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Ping ({@code /ipfs/ping/1.0.0}): the dialer writes 32 random bytes, the listener echoes them,
 * possibly many times on one stream. The responder does nothing else, so it answers at once even
 * when the host is busy (js drops connections whose pings go unanswered for 5 s).
 */
public final class PingService {
  public static final String PROTOCOL = "/ipfs/ping/1.0.0";
  public static final int PAYLOAD_SIZE = 32;

  private PingService() {}

  /** Echoes 32-byte payloads until the dialer closes its side. */
  public static void handle(P2pStream stream) throws IOException {
    InputStream in = stream.in();
    OutputStream out = stream.out();
    byte[] payload = new byte[PAYLOAD_SIZE];
    while (true) {
      int n = in.readNBytes(payload, 0, PAYLOAD_SIZE);
      if (n == 0) {
        return;
      }
      if (n < PAYLOAD_SIZE) {
        throw new EOFException("ping stream ended inside a payload (" + n + " bytes)");
      }
      out.write(payload);
      out.flush();
    }
  }

  /** Opens a ping stream on {@code connection}; the caller closes the returned session. */
  public static Session open(Connection connection, RandomGenerator random) throws IOException {
    return new Session(connection.newStream(List.of(PROTOCOL)), random);
  }

  /** One ping stream; each {@link #ping()} is one round trip. */
  public static final class Session implements AutoCloseable {
    private final P2pStream stream;
    private final RandomGenerator random;

    private Session(P2pStream stream, RandomGenerator random) {
      this.stream = stream;
      this.random = random;
    }

    /** Sends one payload and waits for its echo; returns the round-trip time. */
    public Duration ping() throws IOException {
      byte[] payload = new byte[PAYLOAD_SIZE];
      random.nextBytes(payload);
      long start = System.nanoTime();
      stream.out().write(payload);
      stream.out().flush();
      byte[] echo = stream.in().readNBytes(PAYLOAD_SIZE);
      long rtt = System.nanoTime() - start;
      if (echo.length < PAYLOAD_SIZE) {
        throw new EOFException("peer closed the ping stream");
      }
      if (!Arrays.equals(payload, echo)) {
        throw new IOException("ping echo differs from the payload sent");
      }
      return Duration.ofNanos(rtt);
    }

    @Override
    public void close() throws IOException {
      stream.close();
    }
  }
}
