package io.bzzz.log.replication;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TCP server on 127.0.0.1 running a handler per connection on a virtual thread; owns them. */
final class LoopbackServer implements AutoCloseable {
  interface Handler {
    void handle(InputStream in, OutputStream out) throws Exception;
  }

  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  LoopbackServer(Handler handler) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (!server.isClosed()) {
                    try {
                      Socket s = server.accept();
                      sockets.add(s);
                      Thread.ofVirtual()
                          .start(
                              () -> {
                                try (s) {
                                  handler.handle(s.getInputStream(), s.getOutputStream());
                                } catch (Exception ignored) {
                                  // the test's client sees the effect
                                }
                              });
                    } catch (IOException closed) {
                      return;
                    }
                  }
                });
  }

  static LoopbackServer serving(LogRegistry registry) throws IOException {
    LogServer logServer = new LogServer(registry);
    return new LoopbackServer((in, out) -> logServer.serve(in, out, "test-peer"));
  }

  Socket connect() throws IOException {
    return new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  @Override
  public void close() throws Exception {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
    acceptor.join();
  }
}
