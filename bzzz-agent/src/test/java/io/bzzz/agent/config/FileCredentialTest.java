package io.bzzz.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token file rotated under a running agent: the new value is used without a restart. */
class FileCredentialTest {
  @TempDir Path dir;
  final LogCapture logs = new LogCapture();

  @AfterEach
  void stopCapturing() {
    logs.close();
  }

  private Path write(Path file, String content) throws Exception {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  @Test
  void aRewrittenOrReplacedFileIsReadAgainAtTheNextUse() throws Exception {
    Path file = write(dir.resolve("token"), "tok_first_value\n");
    FileCredential token = new FileCredential(file, "--token-file");
    assertThat(token.current().reveal()).isEqualTo("tok_first_value");

    write(file, "tok_second_value_longer\n"); // rewritten in place
    assertThat(token.current().reveal()).isEqualTo("tok_second_value_longer");

    // replaced by a rename, as Kubernetes and Vault agent do
    Path next = write(dir.resolve("token.new"), "tok_third_value\n");
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertThat(token.current().reveal()).isEqualTo("tok_third_value");

    assertThat(logs.text())
        .contains("secret file changed; using the new value")
        .doesNotContain("tok_first", "tok_second", "tok_third");
  }

  @Test
  void aRefusalForcesARereadEvenWhenTheFileLooksUnchanged() throws Exception {
    Path file = write(dir.resolve("token"), "tok_aaaa\n");
    FileTime stamp = Files.getLastModifiedTime(file);
    FileCredential token = new FileCredential(file, "--token-file");
    Secret old = token.current();

    write(file, "tok_bbbb\n"); // same size, and the time set back: a stat cannot tell
    Files.setLastModifiedTime(file, stamp);
    assertThat(token.current()).isEqualTo(old);

    assertThat(token.renewAfterRejection(old)).map(Secret::reveal).contains("tok_bbbb");
    assertThat(token.current().reveal()).isEqualTo("tok_bbbb");
    // nothing new in the file: the 401 stands
    assertThat(token.renewAfterRejection(token.current())).isEmpty();
  }

  @Test
  void aFileEmptyForAMomentKeepsTheLastValueWithOneWarning() throws Exception {
    Path file = write(dir.resolve("token"), "tok_kept_value\n");
    FileCredential token = new FileCredential(file, "--token-file");

    write(file, "");
    assertThat(token.current().reveal()).isEqualTo("tok_kept_value");
    Files.delete(file);
    assertThat(token.current().reveal()).isEqualTo("tok_kept_value");
    assertThat(logs.events())
        .filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getFormattedMessage())
                    .isEqualTo(
                        "cannot read the secret file again; still using the value read before"));

    write(file, "tok_back_again\n");
    assertThat(token.current().reveal()).isEqualTo("tok_back_again");
    assertThat(logs.text()).doesNotContain("tok_kept", "tok_back");
  }
}
