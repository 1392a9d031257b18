package io.bzzz.p2p.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.p2p.Connection;
import io.bzzz.p2p.ConnectionListener;
import io.bzzz.p2p.PeerInfo;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.protocol.ping.PingService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Java host against a real js-libp2p 2.10 peer (TCP + Noise + Yamux), both directions. */
@Tag("interop")
class JsInteropTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int STREAMS = 200;
  private static final int STREAM_BYTES = 1 << 20;

  private static JsPeer js;
  private BasicHost host;
  private final List<Connection> disconnected = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startJs() {
    // The bulk echoes fill one TCP connection with 2 x 50 MiB of window: on a loaded machine js's
    // connection monitor may then wait more than its 5 s for a pong queued behind that data and
    // abort the connection. The monitor keeps pinging (Java must answer), it just does not abort;
    // JsPeerCliTest runs js with its default monitor.
    js = JsPeer.start("--lenient-monitor");
  }

  @AfterAll
  static void stopJs() {
    if (js != null) {
      js.close();
    }
  }

  @BeforeEach
  void startHost() throws Exception {
    host =
        BasicHost.start(
            HostConfig.builder(PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .agentVersion("bzzz/interop-test")
                .build());
    host.setStreamHandler(EchoProtocol.ID, EchoProtocol::serve);
    host.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void disconnected(Connection connection) {
            disconnected.add(connection);
          }
        });
  }

  @AfterEach
  void closeHost() {
    if (host != null) {
      host.close();
    }
  }

  private Multiaddr javaAddress() {
    return host.listenAddresses().get(0).withPeerId(host.peerId());
  }

  @Test
  void javaDialsJsAndBothIdentify() throws Exception {
    Connection connection = host.connect(js.address());
    assertThat(connection.remotePeer()).isEqualTo(js.peerId());

    PeerInfo info = awaitIdentified(js.peerId());
    assertThat(info.agentVersion()).hasValueSatisfying(v -> assertThat(v).startsWith("js-libp2p"));
    assertThat(info.protocols()).contains("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", EchoProtocol.ID);
    assertThat(info.addresses()).contains(js.address().withoutPeerId());
    assertThat(host.observedAddresses())
        .anySatisfy(a -> assertThat(a.toString()).startsWith("/ip4/127.0.0.1/tcp/"));

    JsonNode identify = js.awaitEvent("identify", host.peerId().toBase58(), TIMEOUT);
    assertThat(identify.path("agentVersion").asText()).isEqualTo("bzzz/interop-test");
    assertThat(texts(identify.path("protocols")))
        .contains("/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0", EchoProtocol.ID);
    assertThat(texts(identify.path("listenAddrs")))
        .contains(host.listenAddresses().get(0).toString());
    assertThat(identify.path("observedAddr").asText())
        .isEqualTo(connection.remoteAddress().toString());
  }

  @Test
  void jsDialsJavaAndBothIdentify() {
    JsonNode dial = js.command("dial " + javaAddress(), TIMEOUT);
    assertThat(dial.path("ok").asBoolean()).as(dial.toString()).isTrue();
    assertThat(dial.path("peer").asText()).isEqualTo(host.peerId().toBase58());

    PeerInfo info = awaitIdentified(js.peerId());
    assertThat(info.protocols()).contains("/ipfs/ping/1.0.0", EchoProtocol.ID);
    Connection connection = host.connection(js.peerId()).orElseThrow();
    assertThat(connection.outbound()).isFalse();

    JsonNode identify = js.awaitEvent("identify", host.peerId().toBase58(), TIMEOUT);
    assertThat(identify.path("agentVersion").asText()).isEqualTo("bzzz/interop-test");
    assertThat(identify.path("observedAddr").asText())
        .isEqualTo(connection.remoteAddress().toString());
  }

  @Test
  void pingBothWays() throws Exception {
    Connection connection = host.connect(js.address());
    try (PingService.Session session = PingService.open(connection, new Random(7))) {
      for (int i = 0; i < 3; i++) {
        assertThat(session.ping()).isPositive().isLessThan(TIMEOUT);
      }
    }
    JsonNode reply = js.command("ping " + javaAddress() + " 3", TIMEOUT);
    assertThat(reply.path("ok").asBoolean()).as(reply.toString()).isTrue();
    assertThat(reply.path("rtts")).hasSize(3);
  }

  @Test
  void javaEchoes200ConcurrentStreamsOfOneMebibyteThroughJs() throws Exception {
    Connection connection = host.connect(js.address());
    awaitIdentified(js.peerId());
    List<Future<?>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < STREAMS; i++) {
        long seed = i;
        results.add(
            pool.submit(
                () -> {
                  try (var stream = connection.newStream(List.of(EchoProtocol.ID))) {
                    EchoProtocol.roundTrip(stream, seed, STREAM_BYTES);
                  }
                  return null;
                }));
      }
      for (Future<?> f : results) {
        f.get();
      }
    }
    assertThat(host.connections()).hasSize(1);
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void jsEchoes200ConcurrentStreamsOfOneMebibyteThroughJava() {
    JsonNode reply =
        js.command(
            "echo " + javaAddress() + " " + STREAMS + " " + STREAM_BYTES, TIMEOUT.multipliedBy(3));
    assertThat(reply.path("ok").asBoolean()).as(reply + js.describe()).isTrue();
    assertThat(host.connections()).hasSize(1);
  }

  @Test
  void closingTheConnectionIsSeenByJs() throws Exception {
    Connection connection = host.connect(js.address());
    js.awaitEvent("connect", host.peerId().toBase58(), TIMEOUT);
    connection.close();
    js.awaitEvent("disconnect", host.peerId().toBase58(), TIMEOUT);
    await().atMost(TIMEOUT).until(() -> disconnected.contains(connection));
    assertThat(host.connections()).isEmpty();
    JsonNode conns = js.command("conns", TIMEOUT);
    assertThat(
            StreamSupport.stream(conns.path("conns").spliterator(), false)
                .filter(c -> c.path("peer").asText().equals(host.peerId().toBase58()))
                .filter(c -> c.path("status").asText().equals("open")))
        .isEmpty();
  }

  private PeerInfo awaitIdentified(PeerId peer) {
    CompletableFuture<PeerInfo> done = new CompletableFuture<>();
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              Optional<PeerInfo> info = host.peerStore().get(peer);
              info.filter(i -> i.agentVersion().isPresent()).ifPresent(done::complete);
              return done.isDone();
            });
    return done.join();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
