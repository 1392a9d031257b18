package io.bzzz.tracker.local.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes what a push cut off by a SIGKILL leaves in a repository's object store. JGit receives a
 * pack as {@code objects/incoming_*.pack} and {@code .idx}, then moves the pack into {@code
 * objects/pack} and its index after it; the push is acknowledged only after both moves and the ref
 * update. A kill between the two moves leaves a pack without an index: git cannot read its objects,
 * and when the client pushes the same commits again the new pack gets the same name, JGit keeps the
 * old one, and every such push is refused with "object ... missing". Nothing removed here was ever
 * acknowledged. Only safe while no one else writes the repositories (at start, holding the data
 * directory lock).
 */
final class UnfinishedPacks {
  private static final String PACK = ".pack";
  private static final String INDEX = ".idx";

  /** Files that belong to one pack, named after it, besides the pack and its index. */
  private static final List<String> COMPANIONS = List.of(".bitmap", ".rev", ".keep", ".promisor");

  private UnfinishedPacks() {}

  /**
   * Cleans the object store of each of {@code repos}.
   *
   * @return the files removed, relative to {@code root}
   */
  static List<Path> remove(Path root, List<Path> repos) {
    List<Path> removed = new ArrayList<>();
    try {
      for (Path repo : repos) {
        Path objects = repo.resolve("objects");
        removeIncoming(objects, removed);
        removeHalfPacks(objects.resolve("pack"), removed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for unfinished packs under " + root, e);
    }
    return removed.stream().map(root::relativize).toList();
  }

  /** The temporary files of a pack being received: never part of the repository. */
  private static void removeIncoming(Path objects, List<Path> removed) throws IOException {
    try (Stream<Path> files = Files.list(objects)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().startsWith("incoming_")).toList()) {
        delete(f, removed);
      }
    }
  }

  /** A pack without its index, or an index without its pack, and what is named after them. */
  private static void removeHalfPacks(Path packDir, List<Path> removed) throws IOException {
    if (!Files.isDirectory(packDir)) {
      return;
    }
    List<String> bases;
    try (Stream<Path> files = Files.list(packDir)) {
      bases =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(PACK) || n.endsWith(INDEX))
              .map(n -> n.substring(0, n.lastIndexOf('.')))
              .distinct()
              .toList();
    }
    for (String base : bases) {
      boolean whole =
          Files.isRegularFile(packDir.resolve(base + PACK))
              && Files.isRegularFile(packDir.resolve(base + INDEX));
      if (!whole) {
        delete(packDir.resolve(base + PACK), removed);
        delete(packDir.resolve(base + INDEX), removed);
        for (String suffix : COMPANIONS) {
          delete(packDir.resolve(base + suffix), removed);
        }
      }
    }
  }

  private static void delete(Path f, List<Path> removed) throws IOException {
    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(f)) {
      removed.add(f);
    }
  }
}
