package io.bzzz.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.testing.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged append survives SIGKILL; the log reopens, verifies and continues. */
class CrashTest {
  @TempDir Path dir;

  @Test
  void everyAcknowledgedBlockSurvivesKill9() {
    Path logDir = dir.resolve("log");
    long acked = 0;
    for (int run = 0; run < 3; run++) {
      try (ChildProcess child = start(logDir)) {
        long ready =
            Long.parseLong(
                child.awaitLineStartingWith("ready ", Duration.ofSeconds(60)).substring(6));
        assertThat(ready).as("length after reopening").isGreaterThanOrEqualTo(acked);
        long target = ready + 150;
        while (acked < target) {
          String line = child.awaitLineStartingWith("acked ", Duration.ofSeconds(60));
          acked = Long.parseLong(line.substring(6));
        }
        child.kill();
        child.awaitExit(Duration.ofSeconds(30));
      }
      try (SignedLog log = SignedLog.open(logDir)) {
        assertThat(log.length()).isGreaterThanOrEqualTo(acked);
        for (long i = 0; i < log.length(); i++) {
          assertThat(log.get(i)).as("block %d", i).isEqualTo(AppendLoop.block(i));
        }
      }
      VerifyReport report = LogVerifier.verify(logDir);
      assertThat(report.problems()).isEmpty();
      assertThat(report.ok()).isTrue();
    }
  }

  private static ChildProcess start(Path logDir) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return ChildProcess.start(
        "append-loop",
        logDir.getParent(),
        Map.of(),
        List.of(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            AppendLoop.class.getName(),
            logDir.toString()));
  }
}
