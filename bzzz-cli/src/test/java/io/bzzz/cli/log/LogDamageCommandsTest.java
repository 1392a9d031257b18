package io.bzzz.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.log.LogOptions;
import io.bzzz.log.SignedLog;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.storage.LogFiles;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.testing.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The security review's attack through the real CLI: damage a log whose blocks were acknowledged,
 * then {@code log append}. It must refuse with one line naming the file, change no byte (so no
 * second signature for an index exists), and {@code log repair} must say what it does.
 */
class LogDamageCommandsTest {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  Path dir;
  Path lines;

  record Run(int exit, List<String> out, List<String> err) {}

  static Run run(String... args) {
    try (ChildProcess p = BzzzCli.start(args)) {
      int exit = p.awaitExit(TIMEOUT);
      return new Run(exit, p.stdoutLines(), p.stderrLines());
    }
  }

  /** Blocks 0..2 acknowledged by one append (head slot 0), 3..4 by a second (slot 1). */
  @BeforeEach
  void logWithTwoAcknowledgedAppends() throws IOException {
    dir = tmp.resolve("log");
    try (SignedLog log =
        SignedLog.create(dir, KeyMode.MANIFEST, PrivateKey.generate(), LogOptions.DEFAULT)) {
      log.append(List.of(b("a"), b("b"), b("c")));
      log.append(List.of(b("dd"), b("ee")));
    }
    lines = tmp.resolve("lines.txt");
    Files.writeString(lines, "forked\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "flip a bit in head slot 1, head, slot 1",
    "flip a bit in head slot 0, head, slot 0",
    "truncate data by one byte, data, has 6 bytes",
    "truncate tree by one byte, tree, has 359 bytes",
    "truncate head to zero, head, file has 0 bytes"
  })
  void appendRefusesADamagedLogAndChangesNothing(String damage, String file, String detail)
      throws IOException {
    damage(damage);
    Map<String, byte[]> before = snapshot();

    Run append = run("log", "append", "--dir", dir.toString(), "--file", lines.toString());

    assertThat(append.exit()).as("exit; stderr %s", append.err()).isEqualTo(1);
    assertThat(append.out()).isEmpty();
    List<String> errors = append.err().stream().filter(l -> l.startsWith("bzzz ")).toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.getFirst())
        .startsWith("bzzz log append: " + dir + ": log is damaged: " + file + ":")
        .contains(detail)
        .contains("bzzz log repair --dir " + dir);
    assertSameBytes(before, snapshot());
  }

  @Test
  void showInfoAndVerifyOfADamagedLogChangeNothing() throws IOException {
    damage("truncate data by one byte");
    Map<String, byte[]> before = snapshot();

    Run show = run("log", "show", "--dir", dir.toString());
    assertThat(show.exit()).isEqualTo(1);
    assertThat(show.err()).anyMatch(l -> l.contains("data: has 6 bytes"));
    Run info = run("log", "info", "--dir", dir.toString(), "--json");
    assertThat(info.exit()).isEqualTo(1);
    Run verify = run("log", "verify", "--dir", dir.toString());
    assertThat(verify.exit()).isEqualTo(1);
    assertThat(verify.out()).anyMatch(l -> l.contains("block 4") && l.contains("past the end"));

    assertSameBytes(before, snapshot());
  }

  @Test
  void repairRefusesToDropAcknowledgedBlocks() throws IOException {
    damage("truncate data by one byte");
    Map<String, byte[]> before = snapshot();

    Run repair = run("log", "repair", "--dir", dir.toString());

    assertThat(repair.exit()).isEqualTo(1);
    assertThat(repair.out())
        .contains("found: data: has 6 bytes, the signed head (length 5) covers 7");
    assertThat(repair.err())
        .anyMatch(
            l ->
                l.startsWith("bzzz log repair: " + dir + ": cannot repair: ")
                    && l.contains("older head, length 3")
                    && l.contains("Nothing was changed"));
    assertSameBytes(before, snapshot());
  }

  @Test
  void repairRewritesADamagedOlderSlotThenAppendWorks() throws IOException {
    damage("flip a bit in head slot 0");
    Map<String, byte[]> before = snapshot();

    Run dry = run("log", "repair", "--dir", dir.toString(), "--dry-run");
    assertThat(dry.exit()).isZero();
    assertThat(dry.out())
        .contains("would drop: nothing", "dry run: nothing changed")
        .anyMatch(l -> l.startsWith("found: head: head slot 0"));
    assertSameBytes(before, snapshot());

    Run repair = run("log", "repair", "--dir", dir.toString());
    assertThat(repair.exit()).isZero();
    assertThat(repair.out()).contains("dropped: nothing", "repaired: 5 blocks verify");

    Run append = run("log", "append", "--dir", dir.toString(), "--file", lines.toString());
    assertThat(append.out()).containsExactly("6");
    assertThat(run("log", "verify", "--dir", dir.toString()).exit()).isZero();
  }

  private void damage(String how) throws IOException {
    switch (how) {
      case "flip a bit in head slot 1" -> flip(dir.resolve(LogFiles.HEAD), 144 + 40);
      case "flip a bit in head slot 0" -> flip(dir.resolve(LogFiles.HEAD), 40);
      case "truncate data by one byte" -> shorten(dir.resolve(LogFiles.DATA));
      case "truncate tree by one byte" -> shorten(dir.resolve(LogFiles.TREE));
      case "truncate head to zero" -> Files.write(dir.resolve(LogFiles.HEAD), new byte[0]);
      default -> throw new IllegalArgumentException(how);
    }
  }

  private static void flip(Path file, int offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[offset] ^= 0x10;
    Files.write(file, bytes);
  }

  private static void shorten(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));
  }

  private Map<String, byte[]> snapshot() throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (var list = Files.list(dir)) {
      for (Path p : list.toList()) {
        if (Files.isRegularFile(p)) {
          files.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  private static void assertSameBytes(Map<String, byte[]> before, Map<String, byte[]> after) {
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
