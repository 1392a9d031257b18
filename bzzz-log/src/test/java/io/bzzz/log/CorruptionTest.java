package io.bzzz.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.storage.LogFiles;
import io.bzzz.p2p.crypto.PrivateKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Flipping any stored byte makes verify fail; a flipped block byte is reported by block number. */
class CorruptionTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(KeyMode.class)
  void everyByteOfASmallLogIsCovered(KeyMode mode) throws IOException {
    try (SignedLog log = SignedLog.create(dir, mode, PrivateKey.generate(), LogOptions.DEFAULT)) {
      log.append(List.of(bytes("alpha"), bytes("beta"), bytes("")));
      log.append(List.of(bytes("gamma"), bytes("delta"), bytes("epsilon")));
      log.append(bytes("zeta"));
    }
    assertThat(LogVerifier.verify(dir).ok()).isTrue();
    for (String name :
        List.of(LogFiles.DATA, LogFiles.TREE, LogFiles.HEAD, LogFiles.META, LogFiles.SECRET)) {
      Path file = dir.resolve(name);
      byte[] original = Files.readAllBytes(file);
      assertThat(original).as(name).isNotEmpty();
      for (int i = 0; i < original.length; i++) {
        for (int bit : new int[] {0x01, 0x80}) {
          byte[] damaged = original.clone();
          damaged[i] ^= (byte) bit;
          Files.write(file, damaged);
          VerifyReport report = LogVerifier.verify(dir);
          assertThat(report.ok()).as("%s byte %d bit %x", name, i, bit).isFalse();
        }
      }
      Files.write(file, original);
    }
    assertThat(LogVerifier.verify(dir).ok()).isTrue();
  }

  @Test
  void aDamagedBlockIsNamed() throws IOException {
    try (SignedLog log =
        SignedLog.create(dir, KeyMode.MANIFEST, PrivateKey.generate(), LogOptions.NO_FSYNC)) {
      for (int i = 0; i < 1000; i++) {
        log.append(bytes("block number " + i));
      }
    }
    Path data = dir.resolve(LogFiles.DATA);
    byte[] original = Files.readAllBytes(data);
    Random random = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      int block = random.nextInt(1000);
      long offset = 0;
      for (int i = 0; i < block; i++) {
        offset += bytes("block number " + i).length;
      }
      byte[] damaged = original.clone();
      damaged[(int) offset + random.nextInt(bytes("block number " + block).length)] ^= 0x10;
      Files.write(data, damaged);
      VerifyReport report = LogVerifier.verify(dir);
      assertThat(report.problems())
          .containsExactly("block " + block + ": data does not match its hash");
    }
    Files.write(data, original);
    assertThat(LogVerifier.verify(dir).ok()).isTrue();
  }

  @Test
  void aDamagedLogRefusesToOpenForAppending() throws IOException {
    try (SignedLog log =
        SignedLog.create(dir, KeyMode.MANIFEST, PrivateKey.generate(), LogOptions.NO_FSYNC)) {
      log.append(List.of(bytes("a"), bytes("b"), bytes("c")));
    }
    Path tree = dir.resolve(LogFiles.TREE);
    byte[] bytes = Files.readAllBytes(tree);
    bytes[LogFiles.NODE_SIZE + 10] ^= 1; // node 1, a root at length 3
    Files.write(tree, bytes);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SignedLog.open(dir))
        .hasMessageContaining("does not match the signed head");
    assertThat(LogVerifier.verify(dir).problems())
        .anyMatch(p -> p.contains("tree node 1") && p.contains("blocks 0..1"));
  }

  /**
   * Bug found by LogFilesFuzzTest: a meta file with a valid checksum but a signer key that is not
   * an Ed25519 point made open throw MalformedInputException instead of the storage error.
   */
  @Test
  void aMetaFileWithAnInvalidSignerKeyIsAStorageError() throws IOException {
    SignedLog.create(dir, KeyMode.COMPAT, PrivateKey.generate(), LogOptions.NO_FSYNC).close();
    Path meta = dir.resolve(LogFiles.META);
    byte[] bytes = Files.readAllBytes(meta);
    java.util.Arrays.fill(bytes, 10, 42, (byte) 0xff); // the signer key: y >= p, not a point
    bytes[41] = 0x7f;
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putInt((int) crc.getValue());
    Files.write(meta, bytes);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SignedLog.open(dir))
        .isInstanceOf(io.bzzz.log.storage.StorageException.class)
        .hasMessageContaining("invalid signer key");
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
