package io.bzzz.p2p.mux.yamux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.mux.MuxedStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two real sessions over loopback TCP. */
class YamuxSessionTest {
  private static final int MIB = 1024 * 1024;
  private static final Duration LONG = Duration.ofSeconds(60);

  @Test
  void manyConcurrentStreamsEchoOneMebibyteEachByteExactly() throws Exception {
    int streams = 100;
    try (SessionPair pair = SessionPair.proxied(YamuxConfig.defaults());
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      pair.echoOnServer();
      List<Future<byte[]>> echoed = new ArrayList<>();
      List<byte[]> sent = new ArrayList<>();
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        byte[] payload = new byte[MIB];
        new Random(i).nextBytes(payload);
        sent.add(payload);
        MuxedStream stream = pair.client.openStream();
        writes.add(
            threads.submit(
                () -> {
                  stream.out().write(payload);
                  stream.closeWrite();
                  return null;
                }));
        echoed.add(threads.submit(() -> stream.in().readAllBytes()));
      }
      for (int i = 0; i < streams; i++) {
        assertThat(echoed.get(i).get(LONG.toSeconds(), TimeUnit.SECONDS))
            .as("stream %d", i)
            .isEqualTo(sent.get(i));
        writes.get(i).get(LONG.toSeconds(), TimeUnit.SECONDS);
      }
      assertThat(pair.recorder().violations()).isEmpty();
      assertThat(pair.recorder().frames())
          .as("every data frame is at most 64 KiB")
          .allMatch(
              r -> r.frame().type() != YamuxFrame.Type.DATA || r.frame().length() <= 64 * 1024);
    }
  }

  @Test
  void opensWithWindowUpdateSynAndAcknowledgesOnAccept() throws Exception {
    try (SessionPair pair = SessionPair.proxied(YamuxConfig.defaults())) {
      MuxedStream opened = pair.client.openStream();
      MuxedStream accepted = pair.server.acceptStream();
      assertThat(opened.id()).isEqualTo(1);
      assertThat(accepted.id()).isEqualTo(1);
      MuxedStream fromServer = pair.server.openStream();
      assertThat(fromServer.id()).isEqualTo(2);
      assertThat(pair.client.acceptStream().id()).isEqualTo(2);
      await()
          .atMost(LONG)
          .until(
              () ->
                  pair.recorder().frames().stream()
                          .filter(r -> r.frame().type() == YamuxFrame.Type.WINDOW_UPDATE)
                          .count()
                      == 4);
      assertThat(
              pair.recorder().frames().stream()
                  .map(RecordingProxy.Recorded::frame)
                  .filter(f -> f.type() == YamuxFrame.Type.WINDOW_UPDATE))
          .containsExactlyInAnyOrder(
              YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0),
              YamuxFrame.windowUpdate(1, YamuxFrame.ACK, 0),
              YamuxFrame.windowUpdate(2, YamuxFrame.SYN, 0),
              YamuxFrame.windowUpdate(2, YamuxFrame.ACK, 0));
    }
  }

  @Test
  void halfCloseLetsTheOtherSideFinishItsReply() throws Exception {
    try (SessionPair pair = SessionPair.direct(YamuxConfig.defaults())) {
      MuxedStream request = pair.client.openStream();
      request.out().write("ping".getBytes(UTF_8));
      request.closeWrite();
      assertThatThrownBy(() -> request.out().write(1)).hasMessageContaining("closed for writing");

      MuxedStream handler = pair.server.acceptStream();
      assertThat(new String(handler.in().readAllBytes(), UTF_8)).isEqualTo("ping");
      assertThat(handler.in().read()).as("still at end after FIN").isEqualTo(-1);
      handler.out().write("pong".getBytes(UTF_8));
      handler.closeWrite();

      assertThat(new String(request.in().readAllBytes(), UTF_8)).isEqualTo("pong");
      assertThat(request.in().read()).isEqualTo(-1);
    }
  }

  @Test
  void resetFailsBothSidesInBothDirections() throws Exception {
    try (SessionPair pair = SessionPair.direct(YamuxConfig.defaults())) {
      MuxedStream clientEnd = pair.client.openStream();
      clientEnd.out().write(7);
      MuxedStream serverEnd = pair.server.acceptStream();
      assertThat(serverEnd.in().read()).isEqualTo(7);
      CompletableFuture<Integer> blockedRead =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return serverEnd.in().read();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              },
              Executors.newVirtualThreadPerTaskExecutor());

      clientEnd.reset();
      assertThatThrownBy(() -> blockedRead.get(LONG.toSeconds(), TimeUnit.SECONDS))
          .hasRootCauseMessage("stream 1 was reset by the peer");
      assertThatThrownBy(() -> serverEnd.out().write(1)).hasMessageContaining("reset by the peer");
      assertThatThrownBy(() -> clientEnd.in().read()).hasMessageContaining("reset locally");

      MuxedStream second = pair.server.openStream();
      MuxedStream secondAccepted = pair.client.acceptStream();
      second.reset();
      await()
          .atMost(LONG)
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> secondAccepted.out().write(new byte[1]))
                      .hasMessageContaining("stream 2 was reset by the peer"));
    }
  }

  @Test
  void goAwayStopsNewStreamsAndClosesOnceTheLastStreamIsDone() throws Exception {
    try (SessionPair pair = SessionPair.direct(YamuxConfig.defaults())) {
      pair.echoOnServer();
      MuxedStream inFlight = pair.client.openStream();
      inFlight.out().write("before".getBytes(UTF_8));
      await().atMost(LONG).until(() -> inFlight.in().available() == 6);

      pair.server.close(false);
      await()
          .atMost(LONG)
          .untilAsserted(
              () ->
                  assertThatThrownBy(pair.client::openStream)
                      .hasMessageContaining("peer sent go-away"));
      assertThatThrownBy(pair.server::openStream).hasMessageContaining("closing");
      assertThat(pair.server.isOpen()).as("open while a stream is in flight").isTrue();

      inFlight.out().write(" after".getBytes(UTF_8));
      inFlight.closeWrite();
      assertThat(new String(inFlight.in().readAllBytes(), UTF_8)).isEqualTo("before after");
      await().atMost(LONG).until(() -> !pair.server.isOpen() && !pair.client.isOpen());
      assertThat(pair.server.closeReason()).contains("closed after go-away: all streams done");
    }
  }

  @Test
  void closingFailsPendingOperationsAndEndsEveryThread() throws Exception {
    SessionPair pair = SessionPair.direct(YamuxConfig.defaults());
    MuxedStream stream = pair.client.openStream();
    pair.server.acceptStream();
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    Future<Integer> read = threads.submit(() -> stream.in().read());
    Future<MuxedStream> accept = threads.submit(pair.client::acceptStream);

    pair.client.close();
    assertThatThrownBy(() -> read.get(LONG.toSeconds(), TimeUnit.SECONDS))
        .hasRootCauseMessage("session closed: closed locally");
    assertThatThrownBy(() -> accept.get(LONG.toSeconds(), TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(EOFException.class);
    assertThatThrownBy(pair.client::openStream).hasMessageContaining("is closed");
    await().atMost(LONG).until(() -> !pair.server.isOpen());
    assertThat(pair.server.closeReason()).hasValueSatisfying(r -> assertThat(r).isNotBlank());
    threads.close();
    pair.close();
    assertThat(pair.client.threads()).hasSize(3).noneMatch(Thread::isAlive);
    assertThat(pair.server.threads()).hasSize(3).noneMatch(Thread::isAlive);
  }
}
