package io.bzzz.p2p.crypto;

import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The node identity in {@code <data-dir>/identity.key}: a libp2p PrivateKey protobuf, created on
 * first use with mode 0600 and reused afterwards. A file that does not decode is an error naming
 * the file; it is never replaced, since that would silently change the peer id.
 */
public final class IdentityFile {
  public static final String FILE_NAME = "identity.key";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final int MAX_SIZE = 4096;

  private IdentityFile() {}

  /** Loads {@code dataDir/identity.key}, creating the directory and a new key if absent. */
  public static PrivateKey loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    if (Files.exists(file)) {
      return load(file);
    }
    Files.createDirectories(dataDir);
    PrivateKey key = PrivateKey.generate(new SecureRandom());
    try {
      write(file, key.toProtobuf());
    } catch (FileAlreadyExistsException e) {
      return load(file); // another process created it first: use theirs
    }
    return key;
  }

  public static PrivateKey load(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_SIZE) {
      throw new IOException("identity key file " + file + " is corrupt: " + size + " bytes");
    }
    try {
      return PrivateKey.fromProtobuf(Files.readAllBytes(file));
    } catch (MalformedInputException e) {
      throw new IOException(
          "identity key file "
              + file
              + " is corrupt ("
              + e.getMessage()
              + "); move it away to"
              + " create a new identity",
          e);
    }
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp-" + ProcessHandle.current().pid());
    try {
      if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(tmp);
      }
      Files.write(tmp, bytes, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      // a hard link publishes the complete file atomically and fails if one already exists
      Files.createLink(file, tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
