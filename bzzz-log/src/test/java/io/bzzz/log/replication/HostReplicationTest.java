package io.bzzz.log.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.log.LogOptions;
import io.bzzz.log.LogVerifier;
import io.bzzz.log.SignedLog;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replication over real libp2p hosts (TCP, Noise, Yamux) on 127.0.0.1. */
class HostReplicationTest {
  @TempDir Path tmp;
  final List<AutoCloseable> owned = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : owned.reversed()) {
      c.close();
    }
  }

  <T extends AutoCloseable> T own(T c) {
    owned.add(c);
    return c;
  }

  BasicHost host() throws IOException {
    return own(
        BasicHost.start(
            HostConfig.builder(PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .build()));
  }

  static Multiaddr address(BasicHost host) {
    return host.listenAddresses().getFirst().withPeerId(host.peerId());
  }

  static void append(SignedLog log, int n) {
    List<byte[]> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(("entry " + (log.length() + i)).getBytes(StandardCharsets.UTF_8));
    }
    log.append(batch);
  }

  @Test
  void replicaServesAThirdNodeAfterTheAuthorLeft() throws Exception {
    BasicHost authorHost = host();
    SignedLog author =
        own(
            SignedLog.create(
                tmp.resolve("author"),
                KeyMode.MANIFEST,
                PrivateKey.generate(),
                LogOptions.NO_FSYNC));
    append(author, 700);
    LogRegistry authorLogs = new LogRegistry();
    authorLogs.register(author);
    LogReplicationService authorService = own(new LogReplicationService(authorHost, authorLogs));

    BasicHost replicaHost = host();
    LogReplicationService replicaService =
        own(new LogReplicationService(replicaHost, new LogRegistry()));
    ReplicationResult first =
        replicaService.replicate(
            author.key(), address(authorHost), tmp.resolve("replica"), false, n -> {});
    assertThat(first.toLength()).isEqualTo(700);

    var head = author.head();
    byte[] key = author.key();
    authorService.close();
    authorHost.close();
    author.close();

    BasicHost thirdHost = host();
    LogReplicationService thirdService =
        own(new LogReplicationService(thirdHost, new LogRegistry()));
    ReplicationResult third =
        thirdService.replicate(key, address(replicaHost), tmp.resolve("third"), false, n -> {});
    assertThat(third.toLength()).isEqualTo(700);
    thirdService.close();
    try (SignedLog copy = SignedLog.open(tmp.resolve("third"))) {
      assertThat(copy.head()).isEqualTo(head);
      assertThat(new String(copy.get(699), StandardCharsets.UTF_8)).isEqualTo("entry 699");
    }
    assertThat(LogVerifier.verify(tmp.resolve("third")).ok()).isTrue();
  }

  @Test
  void liveReplicationOverTheHostFollowsAppends() throws Exception {
    BasicHost authorHost = host();
    SignedLog author =
        own(
            SignedLog.create(
                tmp.resolve("author"), KeyMode.COMPAT, PrivateKey.generate(), LogOptions.NO_FSYNC));
    append(author, 5);
    LogRegistry logs = new LogRegistry();
    logs.register(author);
    own(new LogReplicationService(authorHost, logs));
    BasicHost follower = host();
    LogReplicationService service = new LogReplicationService(follower, new LogRegistry());
    List<Long> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> running =
        CompletableFuture.runAsync(
            () -> {
              try {
                service.replicate(
                    author.key(), address(authorHost), tmp.resolve("replica"), true, seen::add);
              } catch (IOException | RuntimeException e) {
                // the stream ends when the follower's host closes
              }
            });
    await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains(5L));
    append(author, 3);
    await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains(8L));
    follower.close();
    service.close();
    running.get(60, java.util.concurrent.TimeUnit.SECONDS);
  }
}
