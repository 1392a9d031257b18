package io.bzzz.p2p.pubsub.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.Host;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.pubsub.wire.ControlMessage;
import io.bzzz.p2p.pubsub.wire.PubMessage;
import io.bzzz.p2p.pubsub.wire.Rpc;
import io.bzzz.p2p.pubsub.wire.RpcFrames;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link PeerWriter} on a real stream between two hosts. */
class PeerWriterTest {
  private static final String PROTOCOL = "/bzzz-test/peer-writer/1.0.0";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int CAPACITY = 8;
  private static final long STUCK_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  @Test
  void writerIdleLongerThanTheStuckLimitAcceptsAndWritesABurst() throws Exception {
    long stuckAfter = TimeUnit.SECONDS.toNanos(2);
    AtomicInteger framesRead = new AtomicInteger();
    try (Host writerHost = TestHosts.start();
        Host readerHost = TestHosts.start()) {
      readerHost.setStreamHandler(
          PROTOCOL,
          stream -> {
            while (RpcFrames.read(stream.in(), 1 << 20).isPresent()) {
              framesRead.incrementAndGet();
            }
          });
      P2pStream stream = open(writerHost, readerHost);
      try (PeerWriter writer =
          new PeerWriter(readerHost.peerId(), stream, CAPACITY, stuckAfter, 1 << 20)) {
        writer.start(() -> {});
        assertThat(writer.offer(message(10))).isTrue();
        await().atMost(WAIT).until(() -> framesRead.get() == 1 && writer.idle());

        // Idle past the stuck limit (the writer waits without a timeout), then more than the queue
        // holds at once: a full queue then is not a stuck peer (some RPCs may be dropped).
        long idleSince = System.nanoTime();
        await()
            .atMost(WAIT)
            .until(() -> System.nanoTime() - idleSince > stuckAfter + STUCK_AFTER_NANOS);
        for (int i = 0; i < 2 * CAPACITY; i++) {
          assertThat(writer.offer(message(10))).isTrue();
        }
        await().atMost(WAIT).until(() -> writer.idle() && framesRead.get() >= 2);
      }
    }
  }

  @Test
  void peerThatStopsReadingIsReportedStuckOnceTheLimitPassed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (Host writerHost = TestHosts.start();
        Host readerHost = TestHosts.start()) {
      readerHost.setStreamHandler(PROTOCOL, stream -> release.await()); // never reads
      P2pStream stream = open(writerHost, readerHost);
      try (PeerWriter writer =
          new PeerWriter(readerHost.peerId(), stream, CAPACITY, STUCK_AFTER_NANOS, 1 << 20)) {
        writer.start(() -> {});
        // 64 KiB messages: the stream's flow-control window fills, the write blocks, the queue
        // fills; RPCs are then dropped, and once nothing was written for the limit the peer is
        // stuck.
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(20))
            .until(() -> !writer.offer(message(64 * 1024)));
        assertThat(writer.dropped()).isPositive();
        assertThat(writer.idle()).isFalse();
      } finally {
        release.countDown();
      }
    }
  }

  private static P2pStream open(Host from, Host to) throws Exception {
    from.connect(to.listenAddresses().get(0).withPeerId(to.peerId()));
    return from.newStream(to.peerId(), List.of(PROTOCOL));
  }

  private static Rpc message(int size) {
    PubMessage m =
        new PubMessage(
            Optional.empty(),
            Optional.of(new byte[size]),
            Optional.empty(),
            "t",
            Optional.empty(),
            Optional.empty());
    return new Rpc(List.of(), List.of(m), ControlMessage.EMPTY);
  }
}
