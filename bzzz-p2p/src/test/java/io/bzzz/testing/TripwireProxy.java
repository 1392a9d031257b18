package io.bzzz.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of an HTTP server, for fault tests: it forwards every connection as bytes,
 * except that the first request whose request line contains the armed needle runs the armed action
 * (e.g. stopping the server behind it, or killing the client that sent it) while the request is
 * held, and then has its connection dropped, or sent on when armed with {@link #armPassing}. Any
 * protocol whose client speaks first, in a line, can be held the same way: a libp2p dial's
 * multistream header. Connections it cannot forward (the server is down) are closed at once, as a
 * dead server's port would be. Owns its listening socket and its threads; {@link #close} ends them.
 */
public final class TripwireProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int backendPort;
  private final AtomicReference<String> needle = new AtomicReference<>();
  private final AtomicReference<Runnable> action = new AtomicReference<>();
  private volatile boolean passOn;
  private final List<Socket> sockets = new ArrayList<>();
  private final Thread acceptor;
  private volatile boolean oneRequest;
  private final AtomicInteger accepted = new AtomicInteger();

  public TripwireProxy(int backendPort) throws IOException {
    this.backendPort = backendPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofVirtual().name("tripwire-accept").start(this::acceptLoop);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The connections accepted so far. */
  public int connectionsAccepted() {
    return accepted.get();
  }

  /**
   * From now on every request is sent on with {@code Connection: close}, so that the server ends
   * each connection after its answer and the client opens a new one for the next request: an HTTP
   * client that keeps connections alive then shows the proxy every request line, not only the first
   * of each connection.
   */
  public TripwireProxy oneRequestPerConnection() {
    oneRequest = true;
    return this;
  }

  /**
   * The next request whose request line contains {@code text} runs {@code then}, once, and is
   * dropped.
   */
  public void arm(String text, Runnable then) {
    passOn = false;
    action.set(then);
    needle.set(text);
  }

  /**
   * The next request whose request line contains {@code text} waits for {@code then} to return
   * (which may block to hold it), once, and is then sent on.
   */
  public void armPassing(String text, Runnable then) {
    passOn = true;
    action.set(then);
    needle.set(text);
  }

  /** No request trips the proxy any more. */
  public void disarm() {
    needle.set(null);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        accepted.incrementAndGet();
        track(client);
        Thread.ofVirtual().start(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try {
      InputStream in = client.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1) {
        head.write(b);
        if (b == '\n') {
          break;
        }
      }
      String requestLine = head.toString(StandardCharsets.ISO_8859_1);
      String armed = needle.get();
      if (armed != null && requestLine.contains(armed) && needle.compareAndSet(armed, null)) {
        boolean pass = passOn;
        action.getAndSet(null).run();
        if (!pass) {
          client.setSoLinger(true, 0); // a reset, as a killed server's kernel sends
          client.close();
          return;
        }
      }
      Socket backend;
      try {
        backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
      } catch (IOException e) {
        client.setSoLinger(true, 0);
        client.close();
        return;
      }
      track(backend);
      backend.getOutputStream().write(head.toByteArray());
      if (oneRequest) {
        backend.getOutputStream().write(headersClosing(in));
      }
      Thread.ofVirtual().start(() -> pump(backend, client));
      pump(client, backend);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  /** The rest of a request's header block, its {@code Connection} header set to close. */
  private static byte[] headersClosing(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      line.write(b);
      if (b != '\n') {
        continue;
      }
      String text = line.toString(StandardCharsets.ISO_8859_1);
      line.reset();
      if (text.equals("\r\n") || text.equals("\n")) {
        out.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
      }
      // an h2c upgrade offer needs its Connection header: it goes with it (HTTP/1.1 answers)
      if (!startsWith(text, "Connection:")
          && !startsWith(text, "Upgrade:")
          && !startsWith(text, "HTTP2-Settings:")) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    return out.toByteArray();
  }

  private static boolean startsWith(String line, String header) {
    return line.regionMatches(true, 0, header, 0, header.length());
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // either side went away: the other one is closed below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void track(Socket s) {
    synchronized (sockets) {
      sockets.removeIf(Socket::isClosed);
      sockets.add(s);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
    acceptor.join();
    synchronized (sockets) {
      sockets.forEach(TripwireProxy::closeQuietly);
      sockets.clear();
    }
  }
}
