package io.bzzz.p2p.mux.yamux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.mux.MuxedStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real session against a hand-driven peer on a raw socket: exact frames in, exact frames out,
 * including the ways a broken or hostile peer misbehaves.
 */
class YamuxPeerFaultsTest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final int WINDOW = YamuxFrame.INITIAL_WINDOW;
  private static final YamuxConfig QUIET =
      YamuxConfig.defaults().withKeepAlive(Duration.ZERO, Duration.ofSeconds(1));

  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<YamuxSession> sessions = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (YamuxSession session : sessions) {
      session.close();
      assertThat(session.awaitThreads(LONG)).as("session threads ended").isTrue();
    }
    for (AutoCloseable c : toClose) {
      c.close();
    }
    threads.shutdownNow();
  }

  /** Java is the listener (server, even ids); the raw peer dialed (client, odd ids). */
  private YamuxSession javaServer(Loopback loopback, YamuxConfig config) {
    toClose.add(loopback);
    YamuxSession session = Loopback.session(loopback.listener(), false, config);
    sessions.add(session);
    return session;
  }

  /** Java dialed (client, odd ids); the raw peer is the listener. */
  private YamuxSession javaClient(Loopback loopback, YamuxConfig config) {
    toClose.add(loopback);
    YamuxSession session = Loopback.session(loopback.dialer(), true, config);
    sessions.add(session);
    return session;
  }

  @Test
  void windowViolationGetsProtocolErrorGoAwayAndClosesTheSession() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session = javaServer(loopback, QUIET);
    RawPeer peer = new RawPeer(loopback.dialer());
    peer.send(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0));
    peer.send(YamuxFrame.data(1, 0, WINDOW), new byte[WINDOW]);
    peer.send(YamuxFrame.data(1, 0, 1), new byte[1]);

    RawPeer.Received goAway = peer.await(f -> f.type() == YamuxFrame.Type.GO_AWAY, LONG);
    assertThat(goAway.frame().length()).isEqualTo(GoAwayCode.PROTOCOL_ERROR.code());
    assertThat(peer.awaitEndOfStream(LONG)).isTrue();
    assertThat(session.isOpen()).isFalse();
    assertThat(session.closeReason())
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains("window exceeded on stream 1: 1 bytes sent with 0 bytes of window"));
  }

  @Test
  void oversizedDataFrameIsRejectedFromItsHeader() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session = javaServer(loopback, QUIET);
    RawPeer peer = new RawPeer(loopback.dialer());
    peer.send(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0));
    // Only the header: the session must judge it before reading (or allocating) a payload.
    peer.send(YamuxFrame.data(1, 0, (int) (YamuxFrame.MAX_LENGTH >>> 1)));
    assertThat(peer.await(f -> f.type() == YamuxFrame.Type.GO_AWAY, LONG).frame().length())
        .isEqualTo(GoAwayCode.PROTOCOL_ERROR.code());
    await().atMost(LONG).until(() -> !session.isOpen());
    assertThat(session.closeReason()).hasValueSatisfying(r -> assertThat(r).contains("exceeds"));
  }

  @Test
  void streamWithOurIdParityIsAProtocolError() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session = javaServer(loopback, QUIET);
    RawPeer peer = new RawPeer(loopback.dialer());
    peer.send(YamuxFrame.windowUpdate(2, YamuxFrame.SYN, 0));
    assertThat(peer.await(f -> f.type() == YamuxFrame.Type.GO_AWAY, LONG).frame().length())
        .isEqualTo(GoAwayCode.PROTOCOL_ERROR.code());
    await().atMost(LONG).until(() -> !session.isOpen());
    assertThat(session.closeReason())
        .hasValueSatisfying(r -> assertThat(r).contains("both endpoints act as servers"));
  }

  @Test
  void acceptsStreamsOpenedWithDataSynAndAcknowledgesThem() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session = javaServer(loopback, QUIET);
    RawPeer peer = new RawPeer(loopback.dialer());
    peer.send(YamuxFrame.data(1, YamuxFrame.SYN, 5), "hello".getBytes(UTF_8));
    peer.send(YamuxFrame.data(1, YamuxFrame.FIN, 0));

    MuxedStream stream = session.acceptStream();
    assertThat(peer.await(f -> f.streamId() == 1, LONG).frame())
        .isEqualTo(YamuxFrame.windowUpdate(1, YamuxFrame.ACK, 0));
    assertThat(new String(stream.in().readAllBytes(), UTF_8)).isEqualTo("hello");
    stream.out().write("bye".getBytes(UTF_8));
    stream.closeWrite();
    RawPeer.Received data = peer.await(f -> f.type() == YamuxFrame.Type.DATA, LONG);
    assertThat(data.frame()).isEqualTo(YamuxFrame.data(1, 0, 3));
    assertThat(new String(data.payload(), UTF_8)).isEqualTo("bye");
    assertThat(peer.await(f -> f.streamId() == 1, LONG).frame())
        .isEqualTo(YamuxFrame.windowUpdate(1, YamuxFrame.FIN, 0));
  }

  @Test
  void goStyleResetErrorCodeFailsTheStreamAndIsNeverAWindowDelta() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session = javaClient(loopback, QUIET);
    RawPeer peer = new RawPeer(loopback.listener());
    MuxedStream stream = session.openStream();
    assertThat(peer.read(LONG).frame()).isEqualTo(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0));
    peer.send(YamuxFrame.windowUpdate(1, YamuxFrame.ACK, 0));

    stream.out().write(new byte[WINDOW]);
    Future<?> blocked =
        threads.submit(
            () -> {
              stream.out().write(new byte[1]);
              return null;
            });
    long received = 0;
    while (received < WINDOW) {
      received += peer.await(f -> f.type() == YamuxFrame.Type.DATA, LONG).frame().length();
    }
    assertThat(received).isEqualTo(WINDOW);
    assertThat(blocked).isNotDone();

    peer.send(YamuxFrame.windowUpdate(1, YamuxFrame.RST, 0x200));
    assertThatThrownBy(() -> blocked.get(LONG.toSeconds(), TimeUnit.SECONDS))
        .hasRootCauseMessage("stream 1 was reset by the peer (error code 512)");
    assertThatThrownBy(() -> stream.in().read())
        .hasMessage("stream 1 was reset by the peer (error code 512)");
    assertThat(session.isOpen()).isTrue();
  }

  @Test
  void acceptsWindowUpdatesBeyondTheInitialWindow() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session = javaClient(loopback, QUIET);
    RawPeer peer = new RawPeer(loopback.listener());
    MuxedStream stream = session.openStream();
    peer.read(LONG);
    int extra = 4 * 1024 * 1024;
    peer.send(YamuxFrame.windowUpdate(1, YamuxFrame.ACK, extra));

    Future<?> write =
        threads.submit(
            () -> {
              stream.out().write(new byte[WINDOW + extra]);
              return null;
            });
    long received = 0;
    while (received < WINDOW + extra) {
      received += peer.await(f -> f.type() == YamuxFrame.Type.DATA, LONG).frame().length();
    }
    write.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertThat(received).isEqualTo(WINDOW + extra);
  }

  @Test
  void answersPingsWithTheSameValueAndIgnoresUnsolicitedReplies() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session = javaServer(loopback, QUIET);
    RawPeer peer = new RawPeer(loopback.dialer());
    peer.send(YamuxFrame.ping(YamuxFrame.ACK, 99));
    peer.send(YamuxFrame.ping(YamuxFrame.SYN, 0xCAFEBABEL));
    assertThat(peer.read(LONG).frame()).isEqualTo(YamuxFrame.ping(YamuxFrame.ACK, 0xCAFEBABEL));
    assertThat(session.isOpen()).isTrue();
  }

  @Test
  void keepAlivePingsMeasureTheRoundTrip() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session =
        javaClient(
            loopback,
            YamuxConfig.defaults().withKeepAlive(Duration.ofMillis(100), Duration.ofSeconds(30)));
    RawPeer peer = new RawPeer(loopback.listener());
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      YamuxFrame ping = peer.read(LONG).frame();
      assertThat(ping.type()).isEqualTo(YamuxFrame.Type.PING);
      assertThat(ping.flags()).isEqualTo(YamuxFrame.SYN);
      assertThat(ping.streamId()).isZero();
      values.add(ping.length());
      peer.send(YamuxFrame.ping(YamuxFrame.ACK, ping.length()));
    }
    assertThat(values).doesNotHaveDuplicates();
    await().atMost(LONG).until(() -> session.rtt().isPresent());
    assertThat(session.rtt().orElseThrow()).isPositive().isLessThan(LONG);
  }

  @Test
  void unansweredKeepAliveClosesTheSession() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session =
        javaClient(
            loopback,
            YamuxConfig.defaults().withKeepAlive(Duration.ofMillis(100), Duration.ofMillis(300)));
    RawPeer peer = new RawPeer(loopback.listener());
    assertThat(peer.read(LONG).frame().type()).isEqualTo(YamuxFrame.Type.PING);
    assertThat(peer.awaitEndOfStream(LONG)).isTrue();
    assertThat(session.isOpen()).isFalse();
    assertThat(session.closeReason())
        .hasValueSatisfying(r -> assertThat(r).startsWith("keep-alive ping unanswered for"));
  }

  @Test
  void streamFloodIsRefusedStreamByStreamWithinTheLimits() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session = javaServer(loopback, QUIET.withStreamLimits(6, 4));
    RawPeer peer = new RawPeer(loopback.dialer());
    for (int id = 1; id <= 19; id += 2) {
      peer.send(YamuxFrame.windowUpdate(id, YamuxFrame.SYN, 0));
    }
    List<Integer> reset = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      YamuxFrame frame = peer.read(LONG).frame();
      assertThat(frame.has(YamuxFrame.RST)).as("%s", frame).isTrue();
      reset.add(frame.streamId());
    }
    assertThat(reset).as("backlog of 4 full").containsExactly(9, 11, 13, 15, 17, 19);

    List<MuxedStream> accepted = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      accepted.add(session.acceptStream());
      assertThat(peer.read(LONG).frame())
          .isEqualTo(YamuxFrame.windowUpdate(1 + 2 * i, YamuxFrame.ACK, 0));
    }
    for (int id = 21; id <= 27; id += 2) {
      peer.send(YamuxFrame.windowUpdate(id, YamuxFrame.SYN, 0));
    }
    assertThat(List.of(peer.read(LONG).frame().streamId(), peer.read(LONG).frame().streamId()))
        .as("stream limit of 6 reached")
        .containsExactly(25, 27);
    assertThat(session.acceptStream().id()).isEqualTo(21);
    assertThat(session.acceptStream().id()).isEqualTo(23);
    assertThat(session.isOpen()).isTrue();
    assertThatThrownBy(session::openStream).hasMessageContaining("stream limit of 6 reached");

    accepted.getFirst().reset();
    assertThat(peer.await(f -> f.has(YamuxFrame.RST), LONG).frame().streamId()).isEqualTo(1);
    assertThat(session.openStream().id()).as("a slot came free").isEqualTo(2);
  }

  @Test
  void dataAfterTheFinResetsOnlyThatStream() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session = javaServer(loopback, QUIET);
    RawPeer peer = new RawPeer(loopback.dialer());
    peer.send(YamuxFrame.data(1, YamuxFrame.SYN | YamuxFrame.FIN, 2), "ok".getBytes(UTF_8));
    peer.send(YamuxFrame.data(1, 0, 4), "more".getBytes(UTF_8));
    assertThat(peer.await(f -> f.has(YamuxFrame.RST), LONG).frame())
        .isEqualTo(YamuxFrame.windowUpdate(1, YamuxFrame.RST, 0));
    peer.send(YamuxFrame.ping(YamuxFrame.SYN, 7));
    assertThat(peer.await(f -> f.type() == YamuxFrame.Type.PING, LONG).frame().length())
        .isEqualTo(7);
    assertThat(session.isOpen()).isTrue();
  }

  @Test
  void closingTheReadSideGivesTheWindowBackSoThePeerCanFinish() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session = javaServer(loopback, QUIET);
    RawPeer peer = new RawPeer(loopback.dialer());
    peer.send(YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 0));
    peer.send(YamuxFrame.data(1, 0, WINDOW), new byte[WINDOW]);
    MuxedStream stream = session.acceptStream();
    peer.read(LONG); // ACK
    await().atMost(LONG).until(() -> stream.in().available() == WINDOW);

    stream.in().close();
    assertThat(peer.read(LONG).frame())
        .as("the dropped window comes back at once")
        .isEqualTo(YamuxFrame.windowUpdate(1, 0, WINDOW));
    peer.send(YamuxFrame.data(1, 0, WINDOW), new byte[WINDOW]);
    assertThat(peer.read(LONG).frame())
        .as("so does data arriving after the close")
        .isEqualTo(YamuxFrame.windowUpdate(1, 0, WINDOW));
    assertThatThrownBy(() -> stream.in().read()).hasMessageContaining("closed for reading");
    stream.out().write("still writable".getBytes(UTF_8));
    assertThat(peer.read(LONG).frame()).isEqualTo(YamuxFrame.data(1, 0, 14));
  }

  @Test
  void dataForUnknownStreamsIsSkippedWithoutLosingFraming() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session = javaServer(loopback, QUIET);
    RawPeer peer = new RawPeer(loopback.dialer());
    peer.send(YamuxFrame.data(41, 0, 1000), new byte[1000]);
    peer.send(YamuxFrame.windowUpdate(43, 0, 5));
    peer.send(YamuxFrame.ping(YamuxFrame.SYN, 42));
    assertThat(peer.read(LONG).frame()).isEqualTo(YamuxFrame.ping(YamuxFrame.ACK, 42));
    assertThat(session.isOpen()).isTrue();
  }

  @Test
  void goAwayWithAnErrorCodeClosesTheSession() throws Exception {
    Loopback loopback = Loopback.connect();
    YamuxSession session = javaServer(loopback, QUIET);
    RawPeer peer = new RawPeer(loopback.dialer());
    peer.send(
        new YamuxFrame(
            YamuxFrame.VERSION, YamuxFrame.Type.GO_AWAY, 0, 0, GoAwayCode.INTERNAL_ERROR.code()));
    assertThat(peer.awaitEndOfStream(LONG)).isTrue();
    assertThat(session.closeReason()).contains("peer sent go-away: internal error");
  }

  @Test
  void peerThatStopsReadingTheConnectionHitsTheWriteTimeout() throws Exception {
    Loopback loopback = Loopback.connect(8 * 1024, 8 * 1024);
    YamuxSession session = javaClient(loopback, QUIET.withWriteTimeout(Duration.ofMillis(500)));
    RawPeer peer = new RawPeer(loopback.listener());
    MuxedStream stream = session.openStream();
    peer.read(LONG);
    peer.send(YamuxFrame.windowUpdate(1, YamuxFrame.ACK, 64 * 1024 * 1024));
    // The peer reads nothing more.
    assertThatThrownBy(() -> stream.out().write(new byte[64 * 1024 * 1024]))
        .isInstanceOf(IOException.class);
    assertThat(session.isOpen()).isFalse();
    assertThat(session.closeReason())
        .hasValueSatisfying(r -> assertThat(r).contains("the peer stopped reading"));
  }

  @Test
  void pingFloodFromAPeerThatDoesNotReadIsCutOff() throws Exception {
    Loopback loopback = Loopback.connect(8 * 1024, 8 * 1024);
    YamuxSession session = javaClient(loopback, QUIET);
    RawPeer peer = new RawPeer(loopback.listener());
    Future<?> flood =
        threads.submit(
            () -> {
              byte[] burst = new byte[12 * 1000];
              for (int i = 0; i < 1000; i++) {
                YamuxCodec.encode(YamuxFrame.ping(YamuxFrame.SYN, i), burst, 12 * i);
              }
              while (true) {
                loopback.listener().getOutputStream().write(burst);
              }
            });
    await().atMost(LONG).until(() -> !session.isOpen());
    assertThat(session.closeReason())
        .hasValueSatisfying(
            r -> assertThat(r).containsAnyOf("control frame queue full", "stopped reading"));
    assertThatThrownBy(() -> flood.get(LONG.toSeconds(), TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(IOException.class);
    peer.close();
  }
}
