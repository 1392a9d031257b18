package io.bzzz.p2p.mux.yamux;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Predicate;

/** A hand-driven Yamux peer on a raw socket: tests write exact frames and read what comes back. */
final class RawPeer implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  /** A frame read from the wire with its payload (empty unless Data). */
  record Received(YamuxFrame frame, byte[] payload) {}

  RawPeer(Socket socket) {
    this.socket = socket;
    try {
      this.in = new DataInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void send(YamuxFrame frame) throws IOException {
    send(frame, new byte[0]);
  }

  void send(YamuxFrame frame, byte[] payload) throws IOException {
    out.write(YamuxCodec.encode(frame));
    out.write(payload);
    out.flush();
  }

  Received read(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    byte[] header = new byte[YamuxFrame.HEADER_LENGTH];
    in.readFully(header);
    YamuxFrame frame = YamuxCodec.decode(header, 0, Integer.MAX_VALUE);
    byte[] payload = new byte[0];
    if (frame.type() == YamuxFrame.Type.DATA) {
      payload = new byte[(int) frame.length()];
      in.readFully(payload);
    }
    return new Received(frame, payload);
  }

  /** Reads frames until one matches, skipping others (keep-alive pings, say). */
  Received await(Predicate<YamuxFrame> match, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      Received received = read(Duration.ofMillis(left));
      if (match.test(received.frame())) {
        return received;
      }
    }
  }

  /** True once the other side has closed the connection (reads end), skipping frames before. */
  boolean awaitEndOfStream(Duration timeout) throws IOException {
    try {
      await(frame -> false, timeout);
      return false;
    } catch (EOFException e) {
      return true;
    } catch (java.net.SocketException e) {
      return true; // connection reset
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
