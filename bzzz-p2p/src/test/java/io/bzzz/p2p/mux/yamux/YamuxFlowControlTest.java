package io.bzzz.p2p.mux.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.mux.MuxedStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Flow control between two real sessions, with every frame checked by a recording proxy. */
class YamuxFlowControlTest {
  private static final int MIB = 1024 * 1024;
  private static final int WINDOW = YamuxFrame.INITIAL_WINDOW;
  private static final Duration LONG = Duration.ofSeconds(60);

  @Test
  void aReaderThatStopsStallsOnlyItsOwnStreamAtExactlyTheWindow() throws Exception {
    try (SessionPair pair = SessionPair.proxied(YamuxConfig.defaults());
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      MuxedStream stalled = pair.client.openStream();
      MuxedStream stalledEnd = pair.server.acceptStream();
      byte[] big = random(MIB, 1);
      Future<?> stalledWrite =
          threads.submit(
              () -> {
                stalled.out().write(big);
                stalled.closeWrite();
                return null;
              });
      await()
          .atMost(LONG)
          .until(() -> pair.recorder().dataBytes(RecordingProxy.Direction.TO_SERVER, 1) == WINDOW);

      pair.echoOnServer();
      MuxedStream other = pair.client.openStream();
      byte[] small = random(MIB, 2);
      Future<?> otherWrite =
          threads.submit(
              () -> {
                other.out().write(small);
                other.closeWrite();
                return null;
              });
      assertThat(other.in().readAllBytes()).isEqualTo(small);
      otherWrite.get(LONG.toSeconds(), TimeUnit.SECONDS);

      assertThat(stalledWrite).as("the unread stream is still blocked").isNotDone();
      assertThat(pair.recorder().dataBytes(RecordingProxy.Direction.TO_SERVER, 1))
          .isEqualTo(WINDOW);
      assertThat(stalledEnd.in().available()).isEqualTo(WINDOW);

      assertThat(readSlowly(stalledEnd.in())).isEqualTo(big);
      stalledWrite.get(LONG.toSeconds(), TimeUnit.SECONDS);
      assertThat(pair.recorder().violations()).isEmpty();
    }
  }

  @Test
  void aLargerInitialWindowIsGrantedWithSynAndAckAndHonoured() throws Exception {
    YamuxConfig config = YamuxConfig.defaults().withWindows(WINDOW * 4, 16 * MIB, 64L * MIB);
    try (SessionPair pair = SessionPair.proxied(config)) {
      MuxedStream stream = pair.client.openStream();
      MuxedStream accepted = pair.server.acceptStream();
      stream.out().write(new byte[WINDOW * 4]);
      await().atMost(LONG).until(() -> accepted.in().available() == WINDOW * 4);
      assertThat(pair.recorder().frames())
          .extracting(RecordingProxy.Recorded::frame)
          .contains(
              YamuxFrame.windowUpdate(1, YamuxFrame.SYN, 3L * WINDOW),
              YamuxFrame.windowUpdate(1, YamuxFrame.ACK, 3L * WINDOW));
      assertThat(pair.recorder().violations()).isEmpty();
    }
  }

  @Test
  void bulkTransferStaysWithinEveryWindowTheReceiverGranted() throws Exception {
    try (SessionPair pair = SessionPair.proxied(YamuxConfig.defaults());
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      MuxedStream stream = pair.client.openStream();
      MuxedStream accepted = pair.server.acceptStream();
      byte[] payload = random(16 * MIB, 3);
      Future<?> write =
          threads.submit(
              () -> {
                stream.out().write(payload);
                stream.closeWrite();
                return null;
              });
      assertThat(accepted.in().readAllBytes()).isEqualTo(payload);
      write.get(LONG.toSeconds(), TimeUnit.SECONDS);
      assertThat(pair.recorder().violations()).isEmpty();
      assertThat(pair.recorder().largestCredit()).isLessThanOrEqualTo(16L * MIB);
    }
  }

  private static byte[] readSlowly(InputStream in) throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[1000];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
