package io.bzzz.log.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bzzz.log.LogOptions;
import io.bzzz.log.LogVerifier;
import io.bzzz.log.SignedLog;
import io.bzzz.log.VerificationException;
import io.bzzz.log.VerifyReport;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.storage.StorageException;
import io.bzzz.p2p.crypto.PrivateKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code meta}, {@code head} and {@code tree} files of a log directory, damaged by the fuzzer
 * (replaced, or overwritten in part, optionally with their checksums recomputed so the damage
 * reaches the parser behind them). Verifying and opening such a directory fails with {@link
 * StorageException} or {@link VerificationException}, or opens a log whose every block reads back.
 */
class LogFilesFuzzTest {
  private static final List<String> FILES = List.of("meta", "head", "tree");
  private static final int HEAD_SLOT = 144;
  private static Path template;
  private static Path work;

  @BeforeAll
  static void createLog() throws IOException {
    Path root = Files.createTempDirectory("bzzz-log-fuzz");
    template = root.resolve("template");
    work = root.resolve("work");
    try (SignedLog log =
        SignedLog.create(
            template, KeyMode.MANIFEST, PrivateKey.fromSeed(new byte[32]), LogOptions.NO_FSYNC)) {
      for (int i = 0; i < 5; i++) {
        log.append(("block " + i).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @AfterAll
  static void deleteLogs() throws IOException {
    deleteTree(template.getParent());
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void verifyAndOpen(FuzzedDataProvider data) throws IOException {
    deleteTree(work);
    copyTree(template, work);
    String name = data.pickValue(FILES);
    Path file = work.resolve(name);
    boolean replace = data.consumeBoolean();
    boolean fixChecksums = data.consumeBoolean();
    int offset = data.consumeInt(0, 400);
    byte[] fuzzed = data.consumeRemainingAsBytes();
    byte[] bytes = replace ? fuzzed : overwrite(Files.readAllBytes(file), offset, fuzzed);
    if (fixChecksums) {
      fixChecksums(name, bytes);
    }
    Files.write(file, bytes);

    VerifyReport report;
    try {
      report = LogVerifier.verify(work);
    } catch (StorageException expected) {
      return;
    }
    assertThat(report.problems()).hasSizeLessThanOrEqualTo(LogVerifier.MAX_PROBLEMS);
    try (SignedLog log = SignedLog.open(work, LogOptions.NO_FSYNC)) {
      for (long i = 0; i < log.length(); i++) {
        log.get(i);
      }
    } catch (StorageException | VerificationException expected) {
      // a damaged directory is refused with a reason
    }
  }

  private static byte[] overwrite(byte[] original, int offset, byte[] patch) {
    int start = Math.min(offset, original.length);
    byte[] out = new byte[Math.max(original.length, start + patch.length)];
    System.arraycopy(original, 0, out, 0, original.length);
    System.arraycopy(patch, 0, out, start, patch.length);
    return out;
  }

  /** Recomputes the crc32c the meta file and each head slot end with. */
  private static void fixChecksums(String name, byte[] bytes) {
    int unit = name.equals("meta") ? bytes.length : name.equals("head") ? HEAD_SLOT : 0;
    for (int at = 0; unit >= 4 && at + unit <= bytes.length; at += unit) {
      CRC32C crc = new CRC32C();
      crc.update(bytes, at, unit - 4);
      ByteBuffer.wrap(bytes, at + unit - 4, 4)
          .order(ByteOrder.LITTLE_ENDIAN)
          .putInt((int) crc.getValue());
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
