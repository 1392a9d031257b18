package io.bzzz.p2p.host;

import static io.bzzz.p2p.host.TestHosts.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.multistream.MultistreamCodec;
import io.bzzz.p2p.multistream.MultistreamSelect;
import io.bzzz.p2p.protocol.ping.PingService;
import io.bzzz.p2p.security.noise.NoiseXxHandshake;
import io.bzzz.p2p.security.noise.RogueNoise;
import io.bzzz.p2p.security.noise.SecureChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that break the rules, from raw sockets and from misbehaving hosts. Each time the bad
 * connection must close, the host must stay up and serve others, and no thread or socket may leak.
 */
class BadPeerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final TestHosts hosts = new TestHosts();
  private BasicHost target;
  private int baselineThreads;

  @BeforeEach
  void start() throws IOException {
    target =
        hosts.start(
            b ->
                b.maxStreamsPerConnection(4)
                    .handshakeTimeout(Duration.ofSeconds(5))
                    .negotiationTimeout(Duration.ofMillis(500)));
    target.setStreamHandler(
        "/test/echo/1.0.0",
        s -> {
          s.in().transferTo(s.out());
          s.out().flush();
        });
    baselineThreads = target.liveThreads();
  }

  @AfterEach
  void close() {
    hosts.close();
  }

  @Test
  void garbageBeforeMultistreamClosesTheConnection() throws Exception {
    try (Socket raw = rawConnect()) {
      raw.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertClosedByTarget(raw);
    }
    assertTargetHealthyAndClean();
  }

  @Test
  void oversizedMultistreamFrameIsRefusedBeforeReadingIt() throws Exception {
    try (Socket raw = rawConnect()) {
      OutputStream out = raw.getOutputStream();
      out.write(MultistreamCodec.encode(MultistreamCodec.HEADER));
      out.write(new byte[] {(byte) 0xa0, (byte) 0x8d, 0x06}); // length 100000
      assertClosedByTarget(raw);
    }
    assertTargetHealthyAndClean();
  }

  @Test
  void noiseHandshakeWithABadSignatureIsRejected() throws Exception {
    try (Socket raw = rawConnect()) {
      InputStream in = raw.getInputStream();
      OutputStream out = raw.getOutputStream();
      MultistreamSelect.select(in, out, List.of(NoiseXxHandshake.PROTOCOL_ID));
      RogueNoise.initiateWithBadSignature(in, out);
      assertClosedByTarget(raw);
    }
    assertTargetHealthyAndClean();
  }

  @Test
  void maximalNoiseFrameWithGarbageKillsOnlyThatConnection() throws Exception {
    try (Socket raw = rawConnect()) {
      InputStream in = raw.getInputStream();
      OutputStream out = raw.getOutputStream();
      MultistreamSelect.select(in, out, List.of(NoiseXxHandshake.PROTOCOL_ID));
      SecureChannel secure =
          new NoiseXxHandshake(PrivateKey.generate(), new SecureRandom())
              .initiate(in, out, Optional.of(target.peerId()));
      MultistreamSelect.select(secure.in(), secure.out(), List.of(YamuxMuxer.PROTOCOL_ID));
      byte[] frame = new byte[2 + 65535];
      frame[0] = (byte) 0xff;
      frame[1] = (byte) 0xff;
      new Random(5).nextBytes(frame);
      frame[0] = (byte) 0xff;
      frame[1] = (byte) 0xff;
      out.write(frame); // a full-size frame that fails authentication
      out.flush();
      assertClosedByTarget(raw);
    }
    assertTargetHealthyAndClean();
  }

  @Test
  void streamFloodIsCappedPerConnection() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    target.setStreamHandler("/test/block/1.0.0", s -> release.await());
    BasicHost flooder = hosts.start();
    Connection connection = flooder.connect(address(target));
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<? extends Future<?>> attempts =
          java.util.stream.IntStream.range(0, 50)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            try {
                              connection.newStream(List.of("/test/block/1.0.0"));
                              opened.incrementAndGet();
                            } catch (IOException e) {
                              refused.incrementAndGet();
                            }
                          }))
              .toList();
      for (Future<?> f : attempts) {
        f.get();
      }
    }
    assertThat(opened.get()).isBetween(1, 4);
    assertThat(refused.get()).isEqualTo(50 - opened.get());
    assertThat(connection.isOpen()).isTrue();
    release.countDown();
    flooder.close();
    assertTargetHealthyAndClean();
  }

  @Test
  void aStreamThatNeverNegotiatesIsResetAfterTheNegotiationTimeout() throws Exception {
    BasicHost silent = hosts.start();
    HostConnection connection = (HostConnection) silent.connect(address(target));
    io.bzzz.p2p.mux.MuxedStream raw = connection.session().openStream(); // never says a word
    long start = System.nanoTime();
    assertThatThrownBy(() -> raw.in().read()).isInstanceOf(IOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
    assertThat(connection.isOpen()).isTrue();
    silent.close();
    assertTargetHealthyAndClean();
  }

  @Test
  void aPeerThatStopsReadingDoesNotBlockItsConnectionOrTheHost() throws Exception {
    BasicHost stubborn = hosts.start();
    Connection connection = stubborn.connect(address(target));
    P2pStream echo = connection.newStream(List.of("/test/echo/1.0.0"));
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    echo.out().write(new byte[4 << 20]); // never reads the echo
                    echo.out().flush();
                  } catch (IOException expected) {
                    // the stream is reset below
                  }
                });
    // both flow-control windows fill up; other streams on the same connection still work
    await().atMost(TIMEOUT).until(() -> writer.getState() == Thread.State.WAITING);
    try (PingService.Session ping = PingService.open(connection, new Random(6))) {
      assertThat(ping.ping()).isLessThan(Duration.ofSeconds(5));
    }
    echo.reset();
    writer.join(TIMEOUT);
    assertThat(writer.isAlive()).isFalse();
    stubborn.close();
    assertTargetHealthyAndClean();
  }

  private Socket rawConnect() throws IOException {
    Socket socket = new Socket();
    InetSocketAddress address = target.listenAddresses().get(0).toSocketAddress().orElseThrow();
    socket.connect(address, 5000);
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    return socket;
  }

  private static void assertClosedByTarget(Socket raw) throws IOException {
    try {
      InputStream in = raw.getInputStream();
      while (in.read() >= 0) {
        // drain what the target said before closing (its multistream header, noise message B)
      }
    } catch (SocketException reset) {
      // closed with unread data in its buffer: a reset is a close too
    }
  }

  private void assertTargetHealthyAndClean() throws Exception {
    BasicHost good = hosts.start();
    Connection connection = good.connect(address(target));
    try (PingService.Session ping = PingService.open(connection, new Random(4))) {
      assertThat(ping.ping()).isPositive();
    }
    good.close();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(target.connections()).isEmpty();
              assertThat(target.openSockets()).isZero();
              assertThat(target.liveThreads()).isEqualTo(baselineThreads);
            });
  }
}
