package io.bzzz.p2p.crypto;

import io.bzzz.p2p.files.IoReason;
import io.bzzz.p2p.files.OwnerOnly;
import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The node identity in {@code <data-dir>/identity.key}: a libp2p PrivateKey protobuf, created on
 * first use with mode 0600 (in a data directory created 0700) and reused afterwards. Like ssh with
 * its private keys, a key file that group or others can access is refused: the key may have been
 * read, and using it silently would hide that. A file that does not decode is an error naming the
 * file; it is never replaced, since that would silently change the peer id.
 */
public final class IdentityFile {
  public static final String FILE_NAME = "identity.key";
  private static final int MAX_SIZE = 4096;

  private IdentityFile() {}

  /** Loads {@code dataDir/identity.key}, creating the directory (0700) and a new key if absent. */
  public static PrivateKey loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return load(file);
    }
    OwnerOnly.createDirectories(dataDir);
    PrivateKey key = PrivateKey.generate(new SecureRandom());
    try {
      write(file, key.toProtobuf());
    } catch (FileAlreadyExistsException e) {
      return load(file); // another process created it first: use theirs
    } catch (IOException e) {
      throw new IOException("cannot create identity key " + file + ": " + IoReason.of(e), e);
    }
    return key;
  }

  /** Reads a key file; every failure is one line naming the file and the reason. */
  public static PrivateKey load(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("identity key " + file + " is a directory, not a key file");
    }
    refuseIfUnprotected(file);
    byte[] bytes = read(file);
    try {
      return PrivateKey.fromProtobuf(bytes);
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

  private static void refuseIfUnprotected(Path file) throws IOException {
    Optional<String> mode;
    try {
      mode = OwnerOnly.openToOthers(file);
    } catch (IOException e) {
      throw cannotRead(file, e);
    }
    if (mode.isPresent()) {
      throw new IOException(
          "identity key "
              + file
              + " is accessible by others (mode "
              + mode.get()
              + "); refusing to use it: run 'chmod 600 "
              + file
              + "'");
    }
  }

  private static byte[] read(Path file) throws IOException {
    long size;
    try {
      size = Files.size(file);
      if (size <= MAX_SIZE) {
        return Files.readAllBytes(file);
      }
    } catch (IOException e) {
      throw cannotRead(file, e);
    }
    throw new IOException("identity key file " + file + " is corrupt: " + size + " bytes");
  }

  private static IOException cannotRead(Path file, IOException e) {
    return new IOException("cannot read identity key " + file + ": " + IoReason.of(e), e);
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp-" + ProcessHandle.current().pid());
    try {
      if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OwnerOnly.FILE));
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
