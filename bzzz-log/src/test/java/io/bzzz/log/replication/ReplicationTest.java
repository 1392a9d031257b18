package io.bzzz.log.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bzzz.log.LogOptions;
import io.bzzz.log.LogVerifier;
import io.bzzz.log.SignedLog;
import io.bzzz.log.VerificationException;
import io.bzzz.log.proof.BlockProof;
import io.bzzz.log.proof.ProofBuilder;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.sign.LogIdentity;
import io.bzzz.log.sign.Manifest;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.wire.MalformedInputException;
import io.bzzz.wire.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Replication between Java nodes over real loopback TCP, with honest and hostile peers. */
class ReplicationTest {
  @TempDir Path tmp;
  final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables.reversed()) {
      c.close();
    }
  }

  <T extends AutoCloseable> T own(T c) {
    closeables.add(c);
    return c;
  }

  SignedLog author(String name, KeyMode mode, PrivateKey key, int blocks) {
    SignedLog log = own(SignedLog.create(tmp.resolve(name), mode, key, LogOptions.NO_FSYNC));
    appendBlocks(log, blocks);
    return log;
  }

  static void appendBlocks(SignedLog log, int blocks) {
    List<byte[]> batch = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      batch.add(("entry " + (log.length() + batch.size())).getBytes(StandardCharsets.UTF_8));
      if (batch.size() == 100) {
        log.append(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      log.append(batch);
    }
  }

  LoopbackServer serve(SignedLog... logs) throws IOException {
    LogRegistry registry = new LogRegistry();
    for (SignedLog l : logs) {
      registry.register(l);
    }
    return own(LoopbackServer.serving(registry));
  }

  Function<LogIdentity, SignedLog> replicaAt(Path dir) {
    return id -> {
      if (Files.exists(dir.resolve("meta"))) {
        return own(SignedLog.open(dir, LogOptions.NO_FSYNC));
      }
      return own(SignedLog.createReplica(dir, id, LogOptions.NO_FSYNC));
    };
  }

  ReplicationResult fetch(
      LoopbackServer server, byte[] key, Function<LogIdentity, SignedLog> replica)
      throws IOException {
    try (Socket s = server.connect()) {
      return new LogClient(key, "test", Duration.ofSeconds(5))
          .replicate(s.getInputStream(), s.getOutputStream(), replica, false, n -> {});
    }
  }

  @ParameterizedTest
  @EnumSource(KeyMode.class)
  void replicatesBetweenTwoJavaNodesThenIncrementally(KeyMode mode) throws Exception {
    SignedLog author = author("author", mode, PrivateKey.generate(), 1234);
    LoopbackServer server = serve(author);
    Path replicaDir = tmp.resolve("replica");
    ReplicationResult first = fetch(server, author.key(), replicaAt(replicaDir));
    assertThat(first).isEqualTo(new ReplicationResult(0, 1234, 1234, author.byteLength()));
    appendBlocks(author, 77);
    ReplicationResult second = fetch(server, author.key(), replicaAt(replicaDir));
    assertThat(second.fromLength()).isEqualTo(1234);
    assertThat(second.blocks()).isEqualTo(77);
    closeAll();
    closeables.clear();
    assertThat(LogVerifier.verify(replicaDir).ok()).isTrue();
    try (SignedLog replica = SignedLog.open(replicaDir)) {
      assertThat(replica.writable()).isFalse();
      assertThat(replica.length()).isEqualTo(1311);
      assertThat(new String(replica.get(1310), StandardCharsets.UTF_8)).isEqualTo("entry 1310");
    }
  }

  @Test
  void aReplicaServesAThirdNodeWhileTheAuthorIsOffline() throws Exception {
    SignedLog author = author("author", KeyMode.MANIFEST, PrivateKey.generate(), 500);
    byte[] key = author.key();
    var head = author.head();
    Path replicaDir = tmp.resolve("replica");
    try (LoopbackServer authorServer = LoopbackServer.serving(registryOf(author))) {
      fetch(authorServer, key, replicaAt(replicaDir));
    }
    author.close(); // the author goes away
    SignedLog replica =
        closeables.stream()
            .filter(c -> c instanceof SignedLog l && l.dir().equals(replicaDir))
            .map(c -> (SignedLog) c)
            .findFirst()
            .orElseThrow();
    LoopbackServer replicaServer = serve(replica);
    Path thirdDir = tmp.resolve("third");
    ReplicationResult r = fetch(replicaServer, key, replicaAt(thirdDir));
    assertThat(r.toLength()).isEqualTo(500);
    SignedLog third =
        closeables.stream()
            .filter(c -> c instanceof SignedLog l && l.dir().equals(thirdDir))
            .map(c -> (SignedLog) c)
            .findFirst()
            .orElseThrow();
    assertThat(third.head()).isEqualTo(head);
  }

  static LogRegistry registryOf(SignedLog log) {
    LogRegistry r = new LogRegistry();
    r.register(log);
    return r;
  }

  @Test
  void liveReplicationFollowsAppends() throws Exception {
    SignedLog author = author("author", KeyMode.MANIFEST, PrivateKey.generate(), 10);
    LoopbackServer server = serve(author);
    Path replicaDir = tmp.resolve("replica");
    Socket socket = own(server.connect());
    List<Long> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<ReplicationResult> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new LogClient(author.key(), "test", Duration.ofMillis(500))
                    .replicate(
                        socket.getInputStream(),
                        socket.getOutputStream(),
                        replicaAt(replicaDir),
                        true,
                        progress::add);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    await().atMost(Duration.ofSeconds(30)).until(() -> progress.contains(10L));
    author.append("eleven".getBytes(StandardCharsets.UTF_8));
    await().atMost(Duration.ofSeconds(30)).until(() -> progress.contains(11L));
    appendBlocks(author, 250);
    await().atMost(Duration.ofSeconds(30)).until(() -> progress.contains(261L));
    socket.close();
    assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void aPeerAnsweringWithAnotherLogIsRejected() throws Exception {
    SignedLog wanted = author("wanted", KeyMode.MANIFEST, PrivateKey.generate(), 3);
    SignedLog other = author("other", KeyMode.MANIFEST, PrivateKey.generate(), 3);
    try (LoopbackServer liar =
        own(
            new LoopbackServer(
                (in, out) -> {
                  FrameIO io = new FrameIO(in, out);
                  io.read();
                  io.send(
                      new Message.Opened(
                          KeyMode.MANIFEST,
                          other.identity().signer().raw(),
                          other.identity().manifest().map(Manifest::namespace).orElseThrow()));
                }))) {
      assertThatThrownBy(() -> fetch(liar, wanted.key(), replicaAt(tmp.resolve("r"))))
          .isInstanceOf(VerificationException.class)
          .hasMessageContaining("another log");
    }
    // An honest server that does not hold the log says so.
    assertThatThrownBy(() -> fetch(serve(other), wanted.key(), replicaAt(tmp.resolve("r2"))))
        .hasMessageContaining("log not found");
  }

  @Test
  void forgedBlocksAreRejectedAndNothingIsStored() throws Exception {
    SignedLog author = author("author", KeyMode.MANIFEST, PrivateKey.generate(), 300);
    LogServer honest = new LogServer(registryOf(author));
    // A peer that serves the real upgrade but flips a byte of block 123.
    LoopbackServer forger =
        own(
            new LoopbackServer(
                (in, out) -> {
                  FrameIO io = new FrameIO(in, out);
                  io.read();
                  io.send(
                      new Message.Opened(
                          KeyMode.MANIFEST,
                          author.identity().signer().raw(),
                          author.identity().manifest().orElseThrow().namespace()));
                  io.read();
                  io.send(new Message.Upgrade(new ProofBuilder(author).upgrade(0)));
                  while (true) {
                    var m = io.read();
                    if (m.isEmpty()) {
                      return;
                    }
                    Message.Request r = (Message.Request) m.get();
                    for (BlockProof p :
                        new ProofBuilder(author).range(r.start(), r.end(), r.length())) {
                      byte[] v = p.value();
                      if (p.index() == 123) {
                        v[0] ^= 1;
                      }
                      io.write(new Message.Block(new BlockProof(p.index(), v, p.nodes())));
                    }
                    io.flush();
                  }
                }));
    Path dir = tmp.resolve("replica");
    assertThatThrownBy(() -> fetch(forger, author.key(), replicaAt(dir)))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("block 123");
    SignedLog replica =
        closeables.stream()
            .filter(c -> c instanceof SignedLog l && l.dir().equals(dir))
            .map(c -> (SignedLog) c)
            .findFirst()
            .orElseThrow();
    assertThat(replica.length()).isZero();
    assertThat(honest).isNotNull();
  }

  @Test
  void truncatedAndOversizedMessagesFailCleanly() throws Exception {
    SignedLog author = author("author", KeyMode.COMPAT, PrivateKey.generate(), 3);
    LoopbackServer truncating =
        own(
            new LoopbackServer(
                (in, out) -> {
                  new FrameIO(in, out).read();
                  Varint.write(100, out);
                  out.write(new byte[10]);
                  out.flush();
                }));
    assertThatThrownBy(() -> fetch(truncating, author.key(), replicaAt(tmp.resolve("a"))))
        .isInstanceOf(EOFException.class);
    LoopbackServer oversized =
        own(
            new LoopbackServer(
                (in, out) -> {
                  new FrameIO(in, out).read();
                  Varint.write(ReplicationCodec.MAX_FRAME + 1L, out);
                  out.flush();
                }));
    assertThatThrownBy(() -> fetch(oversized, author.key(), replicaAt(tmp.resolve("b"))))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("exceeds limit");
    LoopbackServer garbage =
        own(
            new LoopbackServer(
                (in, out) -> {
                  new FrameIO(in, out).read();
                  Varint.write(3, out);
                  out.write(new byte[] {1, 0, 0});
                  out.flush();
                }));
    assertThatThrownBy(() -> fetch(garbage, author.key(), replicaAt(tmp.resolve("c"))))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void aForkIsRejectedAndBothHeadsAreKeptAsEvidence() throws Exception {
    PrivateKey key = PrivateKey.generate();
    SignedLog left = author("left", KeyMode.MANIFEST, key, 5);
    SignedLog right =
        own(SignedLog.create(tmp.resolve("right"), KeyMode.MANIFEST, key, LogOptions.NO_FSYNC));
    for (int i = 0; i < 5; i++) {
      right.append(("other " + i).getBytes(StandardCharsets.UTF_8));
    }
    Path dir = tmp.resolve("replica");
    fetch(serve(left), left.key(), replicaAt(dir));
    assertThatThrownBy(() -> fetch(serve(right), left.key(), replicaAt(dir)))
        .isInstanceOf(ForkDetectedException.class)
        .satisfies(
            e -> {
              Path evidence = ((ForkDetectedException) e).evidence();
              String json = Files.readString(evidence);
              assertThat(json)
                  .contains(java.util.HexFormat.of().formatHex(left.head().signature()));
              assertThat(json)
                  .contains(java.util.HexFormat.of().formatHex(right.head().signature()));
            });
  }
}
