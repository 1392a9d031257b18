package io.bzzz.tracker.local.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Owner-only modes for the tracker's state: directories 0700, files 0600. Set explicitly after
 * creation, because modes given at creation are cut by the process umask and libraries (SQLite,
 * JGit) create files with their own. On a file system without POSIX modes this does nothing.
 */
public final class PrivateFiles {
  public static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates {@code dir} (and missing parents, with default modes) and makes it 0700. */
  public static Path directory(Path dir) throws IOException {
    Files.createDirectories(dir);
    restrict(dir);
    return dir;
  }

  /** Makes an existing file 0600 or directory 0700; a missing path is left alone. */
  public static void restrict(Path path) throws IOException {
    if (!Files.exists(path)
        || !Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIRECTORY : FILE);
  }

  /**
   * {@link #restrict} on {@code root} and everything below it (symbolic links are not followed).
   */
  public static void restrictTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(p -> !Files.isSymbolicLink(p)).toList()) {
        restrict(p);
      }
    }
  }
}
