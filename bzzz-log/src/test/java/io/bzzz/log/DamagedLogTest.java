package io.bzzz.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.storage.LogFiles;
import io.bzzz.p2p.crypto.PrivateKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The attacks of the security review against the real storage: damage that would have made opening
 * for write roll back acknowledged blocks (and the next append sign a different block at the same
 * index) is refused, reading changes nothing, and {@link LogRepair} drops only what no head
 * covered. A crash before the head was written is still rolled back silently.
 */
class DamagedLogTest {
  @TempDir Path dir;
  final PrivateKey secret = PrivateKey.generate();

  /** Blocks 0..2 acknowledged by the first append (slot 0), 3..4 by the second (slot 1). */
  @BeforeEach
  void twoAcknowledgedAppends() {
    try (SignedLog log = SignedLog.create(dir, KeyMode.MANIFEST, secret, LogOptions.DEFAULT)) {
      log.append(List.of(b("a"), b("b"), b("c")));
      log.append(List.of(b("dd"), b("ee")));
    }
  }

  enum Damage {
    FLIP_BIT_IN_CURRENT_HEAD_SLOT("head", "slot 1"),
    FLIP_BIT_IN_OLDER_HEAD_SLOT("head", "slot 0"),
    DATA_SHORT_BY_ONE_BYTE("data", "has 6 bytes"),
    TREE_SHORT_BY_ONE_BYTE("tree", "has 359 bytes"),
    HEAD_TRUNCATED_TO_ZERO("head", "file has 0 bytes");

    final String file;
    final String detail;

    Damage(String file, String detail) {
      this.file = file;
      this.detail = detail;
    }

    void apply(Path dir) throws IOException {
      switch (this) {
        case FLIP_BIT_IN_CURRENT_HEAD_SLOT -> flip(dir.resolve(LogFiles.HEAD), 144 + 20, 0x04);
        case FLIP_BIT_IN_OLDER_HEAD_SLOT -> flip(dir.resolve(LogFiles.HEAD), 20, 0x04);
        case DATA_SHORT_BY_ONE_BYTE -> shorten(dir.resolve(LogFiles.DATA), 1);
        case TREE_SHORT_BY_ONE_BYTE -> shorten(dir.resolve(LogFiles.TREE), 1);
        case HEAD_TRUNCATED_TO_ZERO -> Files.write(dir.resolve(LogFiles.HEAD), new byte[0]);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void openingForWriteRefusesAndChangesNothing(Damage damage) throws IOException {
    damage.apply(dir);
    Map<String, byte[]> before = snapshot(dir);

    assertThatThrownBy(() -> SignedLog.open(dir))
        .isInstanceOf(DamagedLogException.class)
        .hasMessageStartingWith("log is damaged: " + damage.file + ":")
        .hasMessageContaining(damage.detail)
        .hasMessageContaining("bzzz log repair --dir " + dir);

    assertSameBytes(before, snapshot(dir));
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void readingAndVerifyingChangeNothing(Damage damage) throws IOException {
    damage.apply(dir);
    Map<String, byte[]> before = snapshot(dir);

    assertThatThrownBy(() -> SignedLog.openReadOnly(dir)).isInstanceOf(DamagedLogException.class);
    VerifyReport report = LogVerifier.verify(dir);
    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).isNotEmpty();

    assertSameBytes(before, snapshot(dir));
  }

  /** Every single-bit flip anywhere in the head file is refused, never rolled back. */
  @Test
  void everyBitOfTheHeadFileIsProtected() throws IOException {
    Path head = dir.resolve(LogFiles.HEAD);
    byte[] original = Files.readAllBytes(head);
    assertThat(original).hasSize(288);
    for (int i = 0; i < original.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] damaged = original.clone();
        damaged[i] ^= (byte) (1 << bit);
        Files.write(head, damaged);
        int at = i;
        int b = bit;
        assertThatThrownBy(() -> SignedLog.open(dir).close())
            .as("byte %d bit %d", at, b)
            .isInstanceOf(DamagedLogException.class);
        assertThat(Files.readAllBytes(head)).as("byte %d bit %d", at, b).isEqualTo(damaged);
      }
    }
  }

  /** What a crash after data and tree were forced but before the head was written leaves. */
  @Test
  void aTailWrittenBeforeItsHeadIsRolledBackSilently() throws IOException {
    Path head = dir.resolve(LogFiles.HEAD);
    byte[] headAtFive = Files.readAllBytes(head);
    try (SignedLog log = SignedLog.open(dir)) {
      log.append(List.of(b("fff"), b("g")));
    }
    Files.write(head, headAtFive); // the third append's head never reached the disk
    VerifyReport report = LogVerifier.verify(dir);
    assertThat(report.problems()).isEmpty(); // never acknowledged: not damage
    assertThat(report.notes()).anyMatch(p -> p.startsWith("4 bytes of data beyond"));
    assertThat(report.ok()).isTrue();

    try (SignedLog log = SignedLog.open(dir)) {
      assertThat(log.length()).isEqualTo(5);
      assertThat(log.append(b("h"))).isEqualTo(6);
    }
    assertThat(LogVerifier.verify(dir).problems()).isEmpty();
    try (SignedLog log = SignedLog.openReadOnly(dir)) {
      assertThat(log.range(0, 6)).containsExactly(b("a"), b("b"), b("c"), b("dd"), b("ee"), b("h"));
    }
  }

  @Test
  void readOnlyOpenReadsPastATornTailWithoutTouchingIt() throws IOException {
    Files.write(dir.resolve(LogFiles.DATA), b("torn"), java.nio.file.StandardOpenOption.APPEND);
    Map<String, byte[]> before = snapshot(dir);
    try (SignedLog log = SignedLog.openReadOnly(dir)) {
      assertThat(log.length()).isEqualTo(5);
      assertThat(log.get(4)).isEqualTo(b("ee"));
      assertThatThrownBy(() -> log.append(b("x")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("read-only");
    }
    assertSameBytes(before, snapshot(dir));
  }

  @ParameterizedTest
  @EnumSource(
      value = Damage.class,
      names = {
        "FLIP_BIT_IN_CURRENT_HEAD_SLOT",
        "DATA_SHORT_BY_ONE_BYTE",
        "TREE_SHORT_BY_ONE_BYTE",
        "HEAD_TRUNCATED_TO_ZERO"
      })
  void repairRefusesWhenSignedBlocksWouldBeLost(Damage damage) throws IOException {
    damage.apply(dir);
    Map<String, byte[]> before = snapshot(dir);

    LogRepair.Report report = LogRepair.run(dir, false);

    assertThat(report.refusal()).isPresent();
    assertThat(report.refusal().get())
        .contains("Nothing was changed")
        .contains("bzzz log replicate");
    assertThat(report.findings()).anyMatch(f -> f.startsWith(damage.file + ":"));
    assertThat(report.changed()).isFalse();
    assertSameBytes(before, snapshot(dir));
    assertThatThrownBy(() -> SignedLog.open(dir)).isInstanceOf(DamagedLogException.class);
  }

  @Test
  void repairRewritesADamagedOlderSlotAndDropsNothing() throws IOException {
    Damage.FLIP_BIT_IN_OLDER_HEAD_SLOT.apply(dir);

    LogRepair.Report dry = LogRepair.run(dir, true);
    assertThat(dry.refusal()).isEmpty();
    assertThat(dry.dropped()).isEqualTo("nothing");
    assertThat(dry.actions())
        .containsExactly("rewrite the damaged head slot with the head of length 5");
    assertThatThrownBy(() -> SignedLog.open(dir)).isInstanceOf(DamagedLogException.class);

    LogRepair.Report report = LogRepair.run(dir, false);
    assertThat(report.changed()).isTrue();
    assertThat(report.length()).isEqualTo(5);
    assertThat(LogVerifier.verify(dir).problems()).isEmpty();
    try (SignedLog log = SignedLog.open(dir)) {
      assertThat(log.get(4)).isEqualTo(b("ee"));
      assertThat(log.append(b("f"))).isEqualTo(6);
    }
  }

  @Test
  void repairDropsAnUnacknowledgedTailAndSaysSo() throws IOException {
    Path head = dir.resolve(LogFiles.HEAD);
    byte[] headAtFive = Files.readAllBytes(head);
    try (SignedLog log = SignedLog.open(dir)) {
      log.append(List.of(b("fff"), b("g")));
    }
    Files.write(head, headAtFive);
    Map<String, byte[]> before = snapshot(dir);

    LogRepair.Report dry = LogRepair.run(dir, true);
    assertThat(dry.dropped())
        .isEqualTo("blocks 5..6 (4 bytes of data, 160 bytes of tree), never acknowledged");
    assertSameBytes(before, snapshot(dir));

    LogRepair.Report report = LogRepair.run(dir, false);
    assertThat(report.dropped()).isEqualTo(dry.dropped());
    assertThat(Files.size(dir.resolve(LogFiles.DATA))).isEqualTo(7);
    assertThat(LogVerifier.verify(dir).problems()).isEmpty();
  }

  @Test
  void repairOfAnIntactLogChangesNothing() throws IOException {
    Map<String, byte[]> before = snapshot(dir);
    LogRepair.Report report = LogRepair.run(dir, false);
    assertThat(report.findings()).isEmpty();
    assertThat(report.dropped()).isEqualTo("nothing");
    assertThat(report.changed()).isFalse();
    assertSameBytes(before, snapshot(dir));
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static void flip(Path file, int offset, int mask) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[offset] ^= (byte) mask;
    Files.write(file, bytes);
  }

  static void shorten(Path file, int by) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - by));
  }

  static Map<String, byte[]> snapshot(Path dir) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (var list = Files.list(dir)) {
      for (Path p : new ArrayList<>(list.toList())) {
        if (Files.isRegularFile(p)) {
          files.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  static void assertSameBytes(Map<String, byte[]> before, Map<String, byte[]> after) {
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
  }
}
