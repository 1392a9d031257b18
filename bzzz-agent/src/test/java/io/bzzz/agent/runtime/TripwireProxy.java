package io.bzzz.agent.runtime;

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
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of an HTTP server, for fault tests: it forwards every connection as bytes,
 * except that the first request whose request line contains the armed needle runs the armed action
 * (e.g. stopping the server behind it) and has its connection dropped. Connections it cannot
 * forward (the server is down) are closed at once, as a dead server's port would be. Owns its
 * listening socket and its threads; {@link #close} ends them.
 */
final class TripwireProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int backendPort;
  private final AtomicReference<String> needle = new AtomicReference<>();
  private final AtomicReference<Runnable> action = new AtomicReference<>();
  private final List<Socket> sockets = new ArrayList<>();
  private final Thread acceptor;

  TripwireProxy(int backendPort) throws IOException {
    this.backendPort = backendPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofVirtual().name("tripwire-accept").start(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  /** The next request whose request line contains {@code text} runs {@code then}, once. */
  void arm(String text, Runnable then) {
    action.set(then);
    needle.set(text);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
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
        action.getAndSet(null).run();
        client.setSoLinger(true, 0); // a reset, as a killed server's kernel sends
        client.close();
        return;
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
      Thread.ofVirtual().start(() -> pump(backend, client));
      pump(client, backend);
    } catch (IOException e) {
      closeQuietly(client);
    }
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
