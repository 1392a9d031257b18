package io.bzzz.p2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.Backoff;
import io.bzzz.p2p.discovery.bootstrap.BootstrapConfig;
import io.bzzz.p2p.discovery.bootstrap.BootstrapUrlSource;
import io.bzzz.p2p.discovery.bootstrap.KnownPeer;
import io.bzzz.p2p.discovery.bootstrap.PeerCache;
import io.bzzz.p2p.discovery.bootstrap.PeerListJson;
import io.bzzz.p2p.discovery.mdns.PeerNames;
import io.bzzz.p2p.files.OwnerOnly;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Bootstrap URLs and the peer cache with real nodes on 127.0.0.1 and a real HTTP server (the JDK's)
 * serving the {@code /api/v1/bootstrap-peers} shape. mDNS, kad and configured bootstrap peers are
 * off, so every connection comes from the URL or the cache.
 */
class P2pNodeRejoinTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private final List<P2pNode> nodes = new ArrayList<>();
  private final Random random = new Random();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final List<Logger> loggers =
      List.of(
          (Logger) LoggerFactory.getLogger(BootstrapUrlSource.class),
          (Logger) LoggerFactory.getLogger(PeerCache.class));
  private HttpServer http;
  @TempDir Path dir;

  @BeforeEach
  void captureLogs() {
    logs.start();
    loggers.forEach(l -> l.addAppender(logs));
  }

  @AfterEach
  void closeAll() {
    nodes.forEach(P2pNode::close);
    if (http != null) {
      http.stop(0);
    }
    loggers.forEach(l -> l.detachAppender(logs));
  }

  private NodeConfig config(PrivateKey key, RejoinConfig rejoin) {
    return NodeConfig.defaults(key, PeerNames.random(random))
        .withListen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
        .withBootstrap(
            new BootstrapConfig(
                List.of(),
                8,
                64,
                new Backoff(Duration.ofMillis(100), Duration.ofMillis(400)),
                Duration.ofMillis(100)))
        .withKad(Optional.empty())
        .withMdns(Optional.empty())
        .withRejoin(rejoin);
  }

  private P2pNode start(NodeConfig config) throws Exception {
    P2pNode node = P2pNode.start(TestHosts.start(config), config, InstantSource.system(), random);
    nodes.add(node);
    return node;
  }

  /** Serves each request the next body of {@code answers} (the last one repeats). */
  private URI serve(List<Supplier<Answer>> answers, AtomicInteger requests) throws Exception {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/api/v1/bootstrap-peers",
        exchange -> {
          int n = requests.getAndIncrement();
          Answer a = answers.get(Math.min(n, answers.size() - 1)).get();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(a.status(), a.body().length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(a.body());
          }
        });
    http.start();
    return URI.create(
        "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v1/bootstrap-peers");
  }

  private record Answer(int status, byte[] body) {
    static Answer json(String text) {
      return new Answer(200, text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String listing(P2pNode node) {
    return new String(
        PeerListJson.encode(
            List.of(
                new KnownPeer(
                    node.peerId(), node.fullAddresses(), "alice", Optional.of(Instant.now())))),
        StandardCharsets.UTF_8);
  }

  private RejoinConfig fastUrls(URI url) {
    return RejoinConfig.none()
        .withBootstrapUrls(List.of(url))
        .withUrlSchedule(
            Duration.ofMillis(200), new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)));
  }

  private List<String> warnings() {
    return logs.list.stream()
        .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
        .map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs())
        .toList();
  }

  @Test
  void dialsWhatTheUrlListsAfterHttpErrorsBadJsonAndAnOversizedBody() throws Exception {
    P2pNode a = start(config(PrivateKey.generate(), RejoinConfig.none()));
    AtomicInteger requests = new AtomicInteger();
    byte[] huge = new byte[BootstrapUrlSource.MAX_BODY + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    URI url =
        serve(
            List.of(
                () -> new Answer(503, "busy".getBytes(StandardCharsets.UTF_8)),
                () -> Answer.json("{\"peers\": [ not json"),
                () -> new Answer(200, huge),
                () -> Answer.json(listing(a))),
            requests);
    P2pNode b = start(config(PrivateKey.generate(), fastUrls(url)));

    await().atMost(DEADLINE).until(() -> b.host().connection(a.peerId()).isPresent());
    assertThat(requests.get()).isGreaterThanOrEqualTo(4);
    assertThat(warnings())
        .anySatisfy(w -> assertThat(w).contains("cannot fetch bootstrap peers", "HTTP 503"))
        .anySatisfy(w -> assertThat(w).contains("not a bootstrap peer list"))
        .anySatisfy(w -> assertThat(w).contains("larger than " + BootstrapUrlSource.MAX_BODY));
    // the URL is fetched again on the interval, not once
    int seen = requests.get();
    await().atMost(DEADLINE).until(() -> requests.get() > seen);
  }

  @Test
  void anUnreachableUrlIsRetriedWithoutStoppingTheNode() throws Exception {
    URI nowhere;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      nowhere = URI.create("http://127.0.0.1:" + probe.getLocalPort() + "/api/v1/bootstrap-peers");
    }
    P2pNode b = start(config(PrivateKey.generate(), fastUrls(nowhere)));
    await().atMost(DEADLINE).until(() -> warnings().size() >= 2);
    assertThat(warnings().get(0)).contains("connection refused");
    assertThat(b.host().listenAddresses()).isNotEmpty();
  }

  @Test
  void aRestartedNodeRejoinsFromItsPeerCacheWithoutAnyBootstrapSource() throws Exception {
    P2pNode a = start(config(PrivateKey.generate(), RejoinConfig.none()));
    URI url = serve(List.of(() -> Answer.json(listing(a))), new AtomicInteger());
    Path cacheFile = dir.resolve("peers");
    PrivateKey bKey = PrivateKey.generate();
    P2pNode b = start(config(bKey, fastUrls(url).withPeerCache(Optional.of(cacheFile))));
    await().atMost(DEADLINE).until(() -> b.host().connection(a.peerId()).isPresent());
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                b.peerCache().orElseThrow().peers().stream()
                    .anyMatch(p -> p.id().equals(a.peerId())));
    b.close();
    nodes.remove(b);
    http.stop(0);
    http = null;

    assertThat(OwnerOnly.openToOthers(cacheFile)).isEmpty();
    assertThat(PeerListJson.decode(Files.readAllBytes(cacheFile)))
        .anySatisfy(p -> assertThat(p.id()).isEqualTo(a.peerId()));
    await().atMost(DEADLINE).until(() -> a.host().connection(bKey.peerId()).isEmpty());

    // same identity and data directory, no URL, no bootstrap peer, no mDNS, no kad
    P2pNode again = start(config(bKey, RejoinConfig.none().withPeerCache(Optional.of(cacheFile))));
    await().atMost(DEADLINE).until(() -> again.host().connection(a.peerId()).isPresent());
  }

  @Test
  void aDamagedCacheIsIgnoredWithAWarningAndRewritten() throws Exception {
    Path cacheFile = dir.resolve("peers");
    Files.writeString(cacheFile, "{\"peers\": [ {\"peer_id\": tru");
    P2pNode a = start(config(PrivateKey.generate(), RejoinConfig.none()));
    P2pNode b =
        start(
            config(
                PrivateKey.generate(), RejoinConfig.none().withPeerCache(Optional.of(cacheFile))));
    assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("ignoring the peer cache"));
    assertThat(b.peerCache().orElseThrow().peers()).isEmpty();
    b.host().connect(a.fullAddresses().get(0));
    b.close();
    nodes.remove(b);
    assertThat(PeerListJson.decode(Files.readAllBytes(cacheFile)))
        .anySatisfy(p -> assertThat(p.id()).isEqualTo(a.peerId()));
  }

  @Test
  void theCacheKeepsRecentPeersOnlyAndAtMostItsLimit() throws Exception {
    Path cacheFile = dir.resolve("peers");
    List<KnownPeer> many = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = 0; i < PeerCache.MAX_PEERS + 20; i++) {
      var id = PrivateKey.generate().peerId();
      many.add(
          new KnownPeer(
              id,
              List.of(Multiaddr.parse("/ip4/10.9.0.1/tcp/" + (1000 + i)).withPeerId(id)),
              "",
              Optional.of(now.minusSeconds(i))));
    }
    var stale = PrivateKey.generate().peerId();
    many.add(
        0,
        new KnownPeer(
            stale,
            List.of(Multiaddr.parse("/ip4/10.9.0.2/tcp/1").withPeerId(stale)),
            "",
            Optional.of(now.minus(PeerCache.MAX_AGE).minusSeconds(60))));
    Files.write(cacheFile, PeerListJson.encode(many));
    P2pNode b =
        start(
            config(
                PrivateKey.generate(), RejoinConfig.none().withPeerCache(Optional.of(cacheFile))));
    List<KnownPeer> loaded = b.peerCache().orElseThrow().peers();
    assertThat(loaded).hasSize(PeerCache.MAX_PEERS);
    assertThat(loaded).noneMatch(p -> p.id().equals(stale));
    assertThat(loaded.get(0).id()).isEqualTo(many.get(1).id()); // the most recent first
  }
}
