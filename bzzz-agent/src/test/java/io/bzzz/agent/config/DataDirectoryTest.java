package io.bzzz.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class DataDirectoryTest {
  @TempDir Path tmp;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger(DataDirectory.class);

  @BeforeEach
  void listen() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(logs);
  }

  @Test
  void aNewDataDirectoryAndTheAgentsOwnAreOwnerOnly() throws IOException {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = tmp.resolve("home/.bzzz");
    DataDirectory.prepare(data);
    assertThat(mode(data)).isEqualTo("rwx------");
    assertThat(mode(data.getParent())).isEqualTo("rwx------");
    for (String own : DataDirectory.OWN) {
      assertThat(mode(data.resolve(own))).as(own).isEqualTo("rwx------");
    }
    assertThat(mode(tmp)).isEqualTo("rwxr-xr-x"); // not ours
    assertThat(logs.list).isEmpty();
  }

  @Test
  void wideSubdirectoriesOfAnOlderVersionAreNarrowedAndAWideDataDirectoryIsReported()
      throws IOException {
    Path data = Files.createDirectory(tmp.resolve("data"));
    Path log = Files.createDirectory(data.resolve("log"));
    Path workspaces = Files.createDirectory(data.resolve("workspaces"));
    for (Path p : new Path[] {data, log, workspaces}) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    DataDirectory.prepare(data);
    assertThat(mode(log)).isEqualTo("rwx------");
    assertThat(mode(workspaces)).isEqualTo("rwx------");
    assertThat(mode(data.resolve("scratch"))).isEqualTo("rwx------");
    // the data directory may be the user's own choice: reported, left as it is
    assertThat(mode(data)).isEqualTo("rwxr-xr-x");
    assertThat(logs.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getFormattedMessage())
                  .isEqualTo(
                      "data directory is accessible by others; run 'chmod 700 " + data + "'");
              assertThat(e.getKeyValuePairs().toString()).contains("mode=\"0755\"");
            });
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
