package io.bzzz.p2p.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Files and directories only their owner may use: data directories are created {@code 0700}, and a
 * file holding a secret can be checked for group or world access, as ssh does for its keys. On a
 * file system without POSIX permissions every check passes and directories are created plainly.
 */
public final class OwnerOnly {
  public static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private OwnerOnly() {}

  /**
   * Creates {@code dir} and its missing parents with mode 0700 (only the directories created here;
   * existing ones are left as they are). Fails with the path and the reason, e.g. {@code D is not a
   * directory} when a file is in the way.
   */
  public static Path createDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
        if (Files.isDirectory(p)) {
          break; // another thread made it between the two looks: not in the way
        }
        throw notADirectory(absolute, p);
      }
      missing.push(p);
    }
    for (Path p : missing) {
      try {
        Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p)) {
          throw notADirectory(absolute, p);
        }
        continue; // created by someone else meanwhile: not ours to change
      } catch (IOException e) {
        throw new IOException("cannot create directory " + p + ": " + IoReason.of(e), e);
      }
      // set after creation: the umask may have taken bits from a mode given at creation
      setIfPosix(p, DIRECTORY);
    }
    return dir;
  }

  private static IOException notADirectory(Path wanted, Path inTheWay) {
    return new IOException(
        wanted.equals(inTheWay)
            ? wanted + " is not a directory"
            : "cannot create directory " + wanted + ": " + inTheWay + " is not a directory");
  }

  /**
   * Makes an existing directory of ours 0700 when group or others have any access (a directory
   * created by an older version with the default umask).
   */
  public static void tighten(Path dir) throws IOException {
    if (openToOthers(dir).isPresent()) {
      setIfPosix(dir, DIRECTORY);
    }
  }

  /**
   * The file's mode ({@code 0644}) when group or others have any access to it; empty when only its
   * owner has, or when the file system has no POSIX permissions.
   */
  public static Optional<String> openToOthers(Path file) throws IOException {
    if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
      return Optional.empty();
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    for (PosixFilePermission p : perms) {
      if (OTHERS.contains(p)) {
        return Optional.of(mode(perms));
      }
    }
    return Optional.empty();
  }

  /** Octal mode as {@code ls} and {@code chmod} write it: {@code 0644}. */
  public static String mode(Set<PosixFilePermission> perms) {
    int bits = 0;
    for (PosixFilePermission p : perms) {
      bits |= bit(p);
    }
    return String.format(Locale.ROOT, "0%03o", bits);
  }

  private static int bit(PosixFilePermission p) {
    return switch (p) {
      case OWNER_READ -> 0400;
      case OWNER_WRITE -> 0200;
      case OWNER_EXECUTE -> 0100;
      case GROUP_READ -> 040;
      case GROUP_WRITE -> 020;
      case GROUP_EXECUTE -> 010;
      case OTHERS_READ -> 04;
      case OTHERS_WRITE -> 02;
      case OTHERS_EXECUTE -> 01;
    };
  }

  private static void setIfPosix(Path p, Set<PosixFilePermission> perms) throws IOException {
    if (Files.getFileAttributeView(p, PosixFileAttributeView.class) != null) {
      Files.setPosixFilePermissions(p, perms);
    }
  }
}
