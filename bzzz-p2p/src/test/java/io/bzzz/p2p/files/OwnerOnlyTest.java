package io.bzzz.p2p.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {
  @TempDir Path dir;

  @Test
  void createsMissingDirectoriesOwnerOnlyAndLeavesExistingOnes() throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path deep = dir.resolve("a/b/c");
    OwnerOnly.createDirectories(deep);
    assertThat(mode(dir)).isEqualTo("rwxr-xr-x");
    assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
    assertThat(mode(deep)).isEqualTo("rwx------");
    OwnerOnly.createDirectories(deep); // existing: no error
  }

  /** Workers starting tasks at once create the same workspace roots (chaos run of 2026-12-03). */
  @Test
  void threadsCreatingTheSameDirectoriesAtOnceAllSucceed() throws Exception {
    for (int round = 0; round < 100; round++) {
      Path deep = dir.resolve("r" + round).resolve("agent/git");
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.List<Thread> threads = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        go.await();
                        OwnerOnly.createDirectories(deep);
                      } catch (Exception e) {
                        failures.add(e);
                      }
                    }));
      }
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failures).as("round %d", round).isEmpty();
      assertThat(mode(deep)).isEqualTo("rwx------");
    }
  }

  @Test
  void aFileInTheWayIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("f"), "x");
    assertThatThrownBy(() -> OwnerOnly.createDirectories(file.resolve("sub")))
        .hasMessage(
            "cannot create directory " + file.resolve("sub") + ": " + file + " is not a directory");
    assertThatThrownBy(() -> OwnerOnly.createDirectories(file))
        .hasMessage(file + " is not a directory");
  }

  @Test
  void tightenClosesAnOpenDirectoryAndReportsModes() throws IOException {
    Path d = Files.createDirectory(dir.resolve("d"));
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(OwnerOnly.openToOthers(d)).contains("0755");
    OwnerOnly.tighten(d);
    assertThat(mode(d)).isEqualTo("rwx------");
    assertThat(OwnerOnly.openToOthers(d)).isEmpty();
    Path secret = Files.writeString(dir.resolve("token"), "t");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
    assertThat(OwnerOnly.openToOthers(secret)).contains("0640");
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
