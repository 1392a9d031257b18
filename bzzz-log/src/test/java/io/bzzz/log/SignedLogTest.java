package io.bzzz.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.sign.SignedHead;
import io.bzzz.log.storage.LogFiles;
import io.bzzz.p2p.crypto.PrivateKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedLogTest {
  @TempDir Path dir;
  final PrivateKey secret = PrivateKey.generate();

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsBlocksRangesAndTailAfterReopening() {
    try (SignedLog log = SignedLog.create(dir, KeyMode.MANIFEST, secret, LogOptions.DEFAULT)) {
      assertThat(log.length()).isZero();
      assertThat(log.append(List.of(b("one"), b("two"), b("three")))).isEqualTo(3);
      assertThat(log.append(b("four"))).isEqualTo(4);
    }
    try (SignedLog log = SignedLog.open(dir)) {
      assertThat(log.writable()).isTrue();
      assertThat(log.length()).isEqualTo(4);
      assertThat(log.byteLength()).isEqualTo(15);
      assertThat(log.get(2)).isEqualTo(b("three"));
      assertThat(log.range(1, 3)).containsExactly(b("two"), b("three"));
      assertThat(log.tail(2)).containsExactly(b("three"), b("four"));
      assertThat(log.tail(10)).hasSize(4);
      assertThatThrownBy(() -> log.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThat(log.append(b("five"))).isEqualTo(5);
    }
    assertThat(LogVerifier.verify(dir).ok()).isTrue();
  }

  @Test
  void followerSeesExistingThenNewBlocks() throws Exception {
    try (SignedLog log = SignedLog.create(dir, KeyMode.COMPAT, secret, LogOptions.NO_FSYNC)) {
      log.append(b("old"));
      LogFollower follower = log.follow(0);
      assertThat(follower.next().value()).isEqualTo(b("old"));
      assertThat(follower.poll(Duration.ofMillis(50))).isEmpty();
      CompletableFuture<LogFollower.Block> next =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return follower.next();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      log.append(b("new"));
      LogFollower.Block block = next.get(30, TimeUnit.SECONDS);
      assertThat(block.index()).isEqualTo(1);
      assertThat(block.value()).isEqualTo(b("new"));
    }
  }

  @Test
  void closingWakesAWaitingFollower() throws Exception {
    SignedLog log = SignedLog.create(dir, KeyMode.MANIFEST, secret, LogOptions.NO_FSYNC);
    LogFollower follower = log.follow(0);
    CompletableFuture<Throwable> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                follower.next();
                return null;
              } catch (Throwable t) {
                return t;
              }
            });
    log.close();
    assertThat(waiting.get(30, TimeUnit.SECONDS)).isInstanceOf(LogClosedException.class);
  }

  @Test
  void tornTailIsDiscardedAndTheLogContinues() throws IOException {
    try (SignedLog log = SignedLog.create(dir, KeyMode.MANIFEST, secret, LogOptions.DEFAULT)) {
      log.append(List.of(b("a"), b("b"), b("c")));
    }
    // What a crash between writing blocks/nodes and writing the head leaves behind.
    Files.write(dir.resolve(LogFiles.DATA), b("garbage"), StandardOpenOption.APPEND);
    Files.write(dir.resolve(LogFiles.TREE), new byte[200], StandardOpenOption.APPEND);
    VerifyReport torn = LogVerifier.verify(dir);
    assertThat(torn.ok()).as("never acknowledged, so not damage").isTrue();
    assertThat(torn.notes()).hasSize(2); // the data and the tree beyond the signed length
    try (SignedLog log = SignedLog.open(dir)) {
      assertThat(log.length()).isEqualTo(3);
      log.append(b("d"));
    }
    assertThat(LogVerifier.verify(dir).problems()).isEmpty();
    assertThat(LogVerifier.verify(dir).notes()).as("the tail was discarded").isEmpty();
    try (SignedLog log = SignedLog.open(dir)) {
      assertThat(log.range(0, 4)).containsExactly(b("a"), b("b"), b("c"), b("d"));
    }
  }

  /**
   * A head is written only after its blocks and nodes are on disk, so a newest head whose blocks do
   * not match is damage to acknowledged data: falling back to the previous head would sign a
   * different block 3, a fork. The log refuses instead.
   */
  @Test
  void aHeadWhoseBlocksDoNotMatchIsRefusedNotRolledBack() throws IOException {
    try (SignedLog log = SignedLog.create(dir, KeyMode.MANIFEST, secret, LogOptions.DEFAULT)) {
      log.append(List.of(b("a"), b("b"), b("c")));
      log.append(List.of(b("dd"), b("ee")));
    }
    Path data = dir.resolve(LogFiles.DATA);
    byte[] bytes = Files.readAllBytes(data);
    bytes[4] = 0; // inside "dd"
    Files.write(data, bytes);
    assertThatThrownBy(() -> SignedLog.open(dir))
        .isInstanceOf(DamagedLogException.class)
        .hasMessageContaining("blocks 3..4 do not match their tree nodes");
    assertThat(Files.readAllBytes(data)).isEqualTo(bytes);
  }

  @Test
  void replicaAcceptsOnlyTheSignedTree() {
    Path authorDir = dir.resolve("author");
    Path replicaDir = dir.resolve("replica");
    try (SignedLog author =
            SignedLog.create(authorDir, KeyMode.MANIFEST, secret, LogOptions.NO_FSYNC);
        SignedLog replica =
            SignedLog.createReplica(replicaDir, author.identity(), LogOptions.NO_FSYNC)) {
      author.append(List.of(b("x"), b("y")));
      SignedHead head = author.head();
      assertThatThrownBy(() -> replica.appendVerified(List.of(b("x"), b("z")), head))
          .isInstanceOf(VerificationException.class);
      byte[] sig = head.signature();
      sig[5] ^= 1;
      SignedHead forged = new SignedHead(head.length(), head.byteLength(), 0, head.treeHash(), sig);
      assertThatThrownBy(() -> replica.appendVerified(List.of(b("x"), b("y")), forged))
          .isInstanceOf(VerificationException.class);
      assertThat(replica.length()).isZero();
      assertThat(replica.appendVerified(List.of(b("x"), b("y")), head)).isEqualTo(2);
      assertThat(replica.head()).isEqualTo(head);
      assertThatThrownBy(() -> replica.append(b("w"))).hasMessageContaining("replica");
    }
    assertThat(LogVerifier.verify(replicaDir).ok()).isTrue();
  }

  @Test
  void refusesToCreateOverAnExistingLog() {
    SignedLog.create(dir, KeyMode.MANIFEST, secret, LogOptions.NO_FSYNC).close();
    assertThatThrownBy(() -> SignedLog.create(dir, KeyMode.COMPAT, secret, LogOptions.NO_FSYNC))
        .hasMessageContaining("already holds a log");
  }
}
