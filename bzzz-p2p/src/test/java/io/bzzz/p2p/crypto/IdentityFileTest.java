package io.bzzz.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityFileTest {
  @TempDir Path dir;

  @Test
  void createsOnceWithOwnerOnlyPermissionsAndReuses() throws IOException {
    Path data = dir.resolve("nested/data");
    PrivateKey first = IdentityFile.loadOrCreate(data);
    PrivateKey second = IdentityFile.loadOrCreate(data);
    assertThat(second.peerId()).isEqualTo(first.peerId());
    Path file = data.resolve(IdentityFile.FILE_NAME);
    assertThat(Files.readAllBytes(file)).isEqualTo(first.toProtobuf());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var listing = Files.list(data)) {
      assertThat(listing).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void corruptFileIsAnErrorNamingItAndIsNeverReplaced() throws IOException {
    Path file = dir.resolve(IdentityFile.FILE_NAME);
    byte[] garbage = "not a key".getBytes(StandardCharsets.UTF_8);
    Files.write(file, garbage);
    assertThatThrownBy(() -> IdentityFile.loadOrCreate(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("corrupt");
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
  }
}
