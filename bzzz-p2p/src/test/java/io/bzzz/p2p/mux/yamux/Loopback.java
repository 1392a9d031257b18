package io.bzzz.p2p.mux.yamux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A connected pair of real TCP sockets on 127.0.0.1. */
record Loopback(Socket dialer, Socket listener) implements AutoCloseable {

  static Loopback connect() {
    return connect(0, 0);
  }

  /** With explicit buffer sizes (0 keeps the default), to make a stalled peer show quickly. */
  static Loopback connect(int dialerSendBuffer, int listenerReceiveBuffer) {
    try (ServerSocket server = new ServerSocket()) {
      if (listenerReceiveBuffer > 0) {
        server.setReceiveBufferSize(listenerReceiveBuffer);
      }
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Socket dialer = new Socket();
      if (dialerSendBuffer > 0) {
        dialer.setSendBufferSize(dialerSendBuffer);
      }
      dialer.setTcpNoDelay(true);
      dialer.connect(server.getLocalSocketAddress());
      Socket listener = server.accept();
      listener.setTcpNoDelay(true);
      return new Loopback(dialer, listener);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static YamuxSession session(Socket socket, boolean client, YamuxConfig config) {
    try {
      YamuxSession session =
          new YamuxSession(
              socket.getInputStream(), socket.getOutputStream(), socket, client, config);
      session.start();
      return session;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    dialer.close();
    listener.close();
  }
}
