package io.bzzz.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A token file that others can read: used, with one warning that names the file, not the token. */
class OpenSecretFilesTest {
  @TempDir Path dir;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger(OpenSecretFiles.class);

  @BeforeEach
  void listen() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(logs);
  }

  private AgentConfig load(Path tokenFile) {
    return AgentConfigLoader.load(
        Optional.empty(),
        Map.of("HOME", dir.toString()),
        Map.of(
            "tracker-url", List.of("http://127.0.0.1:3000"),
            "repo", List.of("demo/one"),
            "token-file", List.of(tokenFile.toString())));
  }

  @Test
  void aTokenFileOthersCanReadIsUsedAndWarnedAboutOnce() throws Exception {
    Path token = Files.writeString(dir.resolve("wide.token"), "s3cr3t-token-value\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(load(token).tracker().token())
        .map(c -> c.current().reveal())
        .contains("s3cr3t-token-value");
    load(token); // read again: no second warning
    assertThat(logs.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getFormattedMessage())
                  .isEqualTo("secret file is accessible by others; run 'chmod 600 " + token + "'");
              assertThat(e.getKeyValuePairs().toString())
                  .contains("mode=\"0644\"", "file=\"" + token + "\"", "option=\"--token-file\"")
                  .doesNotContain("s3cr3t");
            });
  }

  @Test
  void anOwnerOnlyTokenFileIsReadSilently() throws Exception {
    Path token = Files.writeString(dir.resolve("private.token"), "tok");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    assertThat(load(token).tracker().token()).map(c -> c.current().reveal()).contains("tok");
    assertThat(logs.list).isEmpty();
  }

  @Test
  void anUnreadableTokenFileIsOneLineWithTheReason() throws Exception {
    Path absent = dir.resolve("absent");
    assertThatThrownBy(() -> load(absent))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--token-file: cannot read " + absent + ": no such file or directory");
    Path directory = Files.createDirectory(dir.resolve("a-directory"));
    assertThatThrownBy(() -> load(directory))
        .hasMessage("--token-file: cannot read " + directory + ": is a directory");
  }
}
