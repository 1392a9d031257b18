package io.bzzz.p2p.mux.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.mux.MuxedStream;
import io.bzzz.testing.ChildProcess;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Against @chainsafe/libp2p-yamux 7.0.4 (js-libp2p's muxer) over plain TCP, both directions:
 * concurrent 1 MiB echoes, pings each way, go-away and close.
 */
@Tag("interop")
class YamuxJsInteropTest {
  private static final Duration LONG = Duration.ofMinutes(2);
  private static final int STREAMS = 200;
  private static final int BYTES = 1024 * 1024;

  @Test
  void javaDialsJsAndEchoesConcurrentStreams() throws Exception {
    try (ChildProcess js = ChildProcess.node("yamux-peer.mjs", "listen");
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      int port = Integer.parseInt(js.awaitLineStartingWith("listening ", LONG).split(" ")[1]);
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      YamuxSession session = Loopback.session(socket, true, YamuxConfig.defaults());

      List<byte[]> sent = new ArrayList<>();
      List<Future<?>> writes = new ArrayList<>();
      List<Future<byte[]>> echoed = new ArrayList<>();
      for (int i = 0; i < STREAMS; i++) {
        byte[] payload = new byte[BYTES];
        new Random(i).nextBytes(payload);
        sent.add(payload);
        MuxedStream stream = session.openStream();
        writes.add(
            threads.submit(
                () -> {
                  stream.out().write(payload);
                  stream.closeWrite();
                  return null;
                }));
        echoed.add(threads.submit(() -> stream.in().readAllBytes()));
      }
      for (int i = 0; i < STREAMS; i++) {
        assertThat(echoed.get(i).get(LONG.toSeconds(), TimeUnit.SECONDS))
            .as("stream %d echoed by js", i)
            .isEqualTo(sent.get(i));
        writes.get(i).get(LONG.toSeconds(), TimeUnit.SECONDS);
      }
      await().atMost(LONG).until(() -> session.rtt().isPresent());
      assertThat(session.isOpen()).isTrue();

      session.close();
      js.awaitLine("closed"::equals, LONG);
      assertThat(js.stdoutLines()).noneMatch(l -> l.startsWith("stream-error"));
      assertThat(session.awaitThreads(LONG)).isTrue();
    }
  }

  @Test
  void jsDialsJavaAndEchoesConcurrentStreams() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ChildProcess js =
          ChildProcess.node(
              "yamux-peer.mjs",
              "dial",
              String.valueOf(server.getLocalPort()),
              String.valueOf(STREAMS),
              String.valueOf(BYTES));
      try (js;
          Socket socket = server.accept()) {
        socket.setTcpNoDelay(true);
        YamuxSession session = Loopback.session(socket, false, YamuxConfig.defaults());
        Thread acceptLoop = Thread.ofVirtual().start(() -> echoAll(session));

        String echoed = js.awaitLineStartingWith("echoed ", LONG);
        assertThat(echoed).startsWith("echoed " + STREAMS + " " + BYTES + " ");
        js.awaitLineStartingWith("rtt ", LONG);
        await().atMost(LONG).until(() -> session.rtt().isPresent());

        js.writeLine("close");
        await().atMost(LONG).until(() -> !session.isOpen());
        assertThat(session.closeReason())
            .contains("connection closed by the peer after its go-away");
        assertThatThrownBy(session::openStream).isInstanceOf(IOException.class);
        js.awaitLine("closed"::equals, LONG);
        assertThat(acceptLoop.join(LONG)).isTrue();
        assertThat(session.awaitThreads(LONG)).isTrue();
        assertThat(js.stdoutLines()).noneMatch(l -> l.startsWith("stream-error"));
      }
    }
  }

  private static void echoAll(YamuxSession session) {
    try {
      while (true) {
        MuxedStream stream = session.acceptStream();
        Thread.ofVirtual().start(() -> SessionPair.echo(stream));
      }
    } catch (EOFException e) {
      // session closed
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
