package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory: owner-only modes, one tracker at a time, nothing left by a failed start. */
class DataDirTest {
  @TempDir Path tmp;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void stateIsReadableByItsOwnerOnly() throws Exception {
    Path data = tmp.resolve("tracker");
    try (TrackerFixture t = TrackerFixture.start(data)) {
      t.createRepo("g");
      assertThat(mode(data)).isEqualTo("rwx------");
      for (String file :
          List.of(
              "tracker.db", "tracker.db-wal", "tracker.db-shm", "admin.token", "tracker.lock")) {
        assertThat(data.resolve(file)).exists();
        assertThat(mode(data.resolve(file))).as(file).isEqualTo("rw-------");
      }
      Path repo = data.resolve("repos/admin/g.git");
      for (Path dir : List.of(data.resolve("repos"), data.resolve("repos/admin"), repo)) {
        assertThat(mode(dir)).as(dir.toString()).isEqualTo("rwx------");
      }
      try (Stream<Path> all = Files.walk(repo)) {
        for (Path p : all.toList()) {
          assertThat(mode(p))
              .as(p.toString())
              .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        }
      }
    }
  }

  @Test
  void existingStateIsTightenedOnStart() throws Exception {
    Path data = tmp.resolve("old");
    try (TrackerFixture t = TrackerFixture.start(data)) {
      t.createRepo("g");
    }
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        data.resolve("tracker.db"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(
        data.resolve("repos"), PosixFilePermissions.fromString("rwxr-xr-x"));
    try (TrackerFixture t = TrackerFixture.start(data)) {
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(data.resolve("tracker.db"))).isEqualTo("rw-------");
      assertThat(mode(data.resolve("repos"))).isEqualTo("rwx------");
    }
  }

  @Test
  void aSecondTrackerOnOneDirectoryIsRefused() throws Exception {
    Path data = tmp.resolve("shared");
    try (TrackerFixture first = TrackerFixture.start(data)) {
      String token = Files.readString(data.resolve("admin.token"));
      assertThatThrownBy(() -> LocalTracker.start(LocalTrackerConfig.of(data)))
          .hasMessage(
              "data directory "
                  + data
                  + " is in use by another tracker (pid "
                  + ProcessHandle.current().pid()
                  + ")");
      // The refused start changed nothing, and the first still works (its lock still holds).
      assertThat(Files.readString(data.resolve("admin.token"))).isEqualTo(token);
      assertThat(first.admin.get("/user").status()).isEqualTo(200);
      assertThatThrownBy(() -> LocalTracker.start(LocalTrackerConfig.of(data)))
          .hasMessageContaining("is in use by another tracker");
    }
    try (TrackerFixture again = TrackerFixture.start(data)) {
      assertThat(again.admin.get("/user").status()).isEqualTo(200);
    }
  }

  @Test
  void aPortInUseFailsWithTheAddressAndLeavesNothing() throws Exception {
    Path data = tmp.resolve("never");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () -> LocalTracker.start(LocalTrackerConfig.of(data).withListen("127.0.0.1", port)))
          .hasMessage("cannot listen on 127.0.0.1:" + port + ": address already in use");
    }
    assertThat(data).doesNotExist();
  }
}
