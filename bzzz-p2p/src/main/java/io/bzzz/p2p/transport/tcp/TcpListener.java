package io.bzzz.p2p.transport.tcp;

import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A listening TCP socket with its accept loop on one virtual thread; it owns both. */
public final class TcpListener implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(TcpListener.class);
  private static final int BACKLOG = 256;

  private final ServerSocket server;
  private final Multiaddr address;
  private final Thread acceptThread;

  private TcpListener(ServerSocket server, Consumer<Socket> onAccept) {
    this.server = server;
    this.address =
        Multiaddr.tcp(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()));
    this.acceptThread =
        Thread.ofVirtual().name("tcp-accept " + address).start(() -> acceptLoop(onAccept));
  }

  static TcpListener open(Multiaddr address, Consumer<Socket> onAccept) throws IOException {
    InetSocketAddress bind =
        address
            .toSocketAddress()
            .orElseThrow(() -> new IOException("cannot listen on non-TCP address " + address));
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(bind, BACKLOG);
    } catch (IOException e) {
      server.close();
      throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
    return new TcpListener(server, onAccept);
  }

  /** The bound address with its real port. */
  public Multiaddr address() {
    return address;
  }

  private void acceptLoop(Consumer<Socket> onAccept) {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!server.isClosed()) {
          log.atWarn().addKeyValue("address", address).setCause(e).log("accept failed");
        }
        continue;
      }
      try {
        socket.setTcpNoDelay(true);
        onAccept.accept(socket);
      } catch (IOException | RuntimeException e) {
        log.atWarn().addKeyValue("address", address).setCause(e).log("inbound socket dropped");
        closeQuietly(socket);
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(server);
    try {
      acceptThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
