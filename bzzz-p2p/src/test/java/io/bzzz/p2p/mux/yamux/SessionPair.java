package io.bzzz.p2p.mux.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.p2p.mux.MuxedStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client and a server session over real loopback TCP, optionally through a {@link
 * RecordingProxy}. Closing it closes both sessions and checks their threads ended.
 */
final class SessionPair implements AutoCloseable {
  final YamuxSession client;
  final YamuxSession server;
  final Optional<RecordingProxy> proxy;
  private final List<Thread> helpers = new ArrayList<>();
  private final AutoCloseable sockets;

  private SessionPair(
      YamuxSession client,
      YamuxSession server,
      Optional<RecordingProxy> proxy,
      AutoCloseable sockets) {
    this.client = client;
    this.server = server;
    this.proxy = proxy;
    this.sockets = sockets;
  }

  static SessionPair direct(YamuxConfig config) {
    Loopback loopback = Loopback.connect();
    return new SessionPair(
        Loopback.session(loopback.dialer(), true, config),
        Loopback.session(loopback.listener(), false, config),
        Optional.empty(),
        loopback);
  }

  static SessionPair proxied(YamuxConfig config) {
    RecordingProxy proxy = new RecordingProxy();
    return new SessionPair(
        Loopback.session(proxy.clientSocket(), true, config),
        Loopback.session(proxy.serverSocket(), false, config),
        Optional.of(proxy),
        proxy);
  }

  RecordingProxy recorder() {
    return proxy.orElseThrow();
  }

  /** Accepts every stream on the server and echoes it until the client's FIN, then FINs. */
  void echoOnServer() {
    helpers.add(
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    while (true) {
                      MuxedStream stream = server.acceptStream();
                      Thread.ofVirtual().start(() -> echo(stream));
                    }
                  } catch (EOFException e) {
                    // session closed
                  } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                }));
  }

  static void echo(MuxedStream stream) {
    try (stream) {
      InputStream in = stream.in();
      OutputStream out = stream.out();
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
      stream.closeWrite();
    } catch (IOException e) {
      stream.reset();
    }
  }

  @Override
  public void close() throws Exception {
    client.close();
    server.close();
    assertThat(client.awaitThreads(Duration.ofSeconds(30))).as("client threads ended").isTrue();
    assertThat(server.awaitThreads(Duration.ofSeconds(30))).as("server threads ended").isTrue();
    for (Thread helper : helpers) {
      assertThat(helper.join(Duration.ofSeconds(30))).as("accept loop ended").isTrue();
    }
    sockets.close();
  }
}
