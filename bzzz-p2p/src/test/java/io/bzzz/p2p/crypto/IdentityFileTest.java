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
    assertThat(mode(file)).isEqualTo("rw-------");
    // every directory it had to create is the owner's only
    assertThat(mode(data)).isEqualTo("rwx------");
    assertThat(mode(data.getParent())).isEqualTo("rwx------");
    try (var listing = Files.list(data)) {
      assertThat(listing).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void anExistingDataDirectoryKeepsItsMode() throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
    IdentityFile.loadOrCreate(dir);
    assertThat(mode(dir)).isEqualTo("rwxr-x---");
  }

  @Test
  void corruptFileIsAnErrorNamingItAndIsNeverReplaced() throws IOException {
    Path file = dir.resolve(IdentityFile.FILE_NAME);
    byte[] garbage = "not a key".getBytes(StandardCharsets.UTF_8);
    Files.write(file, garbage);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> IdentityFile.loadOrCreate(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("corrupt");
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
  }

  @Test
  void aKeyOthersCanReadIsRefusedAndKept() throws IOException {
    PrivateKey key = IdentityFile.loadOrCreate(dir);
    Path file = dir.resolve(IdentityFile.FILE_NAME);
    for (String mode : new String[] {"rw-r--r--", "rw-r-----", "rw-----w-"}) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
      assertThatThrownBy(() -> IdentityFile.loadOrCreate(dir))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("identity key " + file + " is accessible by others (mode 0")
          .hasMessageEndingWith("refusing to use it: run 'chmod 600 " + file + "'");
      assertThat(mode(file)).isEqualTo(mode); // reported, not changed behind the user's back
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assertThat(IdentityFile.loadOrCreate(dir).peerId()).isEqualTo(key.peerId());
  }

  @Test
  void theModeIsNamedInOctal() throws IOException {
    IdentityFile.loadOrCreate(dir);
    Path file = dir.resolve(IdentityFile.FILE_NAME);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> IdentityFile.load(file)).hasMessageContaining("(mode 0644)");
  }

  @Test
  void aDataDirectoryThatIsAFileIsNamed() throws IOException {
    Path notADir = Files.writeString(dir.resolve("data"), "x");
    assertThatThrownBy(() -> IdentityFile.loadOrCreate(notADir))
        .isInstanceOf(IOException.class)
        .hasMessage(notADir.toAbsolutePath() + " is not a directory");
  }

  @Test
  void aKeyThatIsADirectoryIsNamed() throws IOException {
    Path file = Files.createDirectory(dir.resolve(IdentityFile.FILE_NAME));
    assertThatThrownBy(() -> IdentityFile.loadOrCreate(dir))
        .isInstanceOf(IOException.class)
        .hasMessage("identity key " + file + " is a directory, not a key file");
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
