package io.bzzz.agent.exec.llm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Turns a path a model asked for into a path inside the workspace, or refuses. Relative paths only,
 * no {@code ..} segments, nothing under {@code .git}; symlinks are resolved with {@code toRealPath}
 * and the result must still be inside, so a link planted in the repository cannot lead a read or a
 * write outside.
 */
public final class WorkspacePaths {
  private final Path root;

  public WorkspacePaths(Path workspace) throws IOException {
    this.root = workspace.toRealPath();
  }

  public Path root() {
    return root;
  }

  /** A path that exists (or not) inside the workspace, checked for reading. */
  public Path forRead(String requested) throws PathRefusedException, IOException {
    Path p = lexical(requested);
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return p;
    }
    Path real = p.toRealPath();
    if (!real.startsWith(root)) {
      throw new PathRefusedException(requested + " leads outside the workspace through a symlink");
    }
    return real;
  }

  /**
   * A path to write: its nearest existing ancestor must be inside once symlinks are resolved, and
   * an existing file there must not be a symlink at all (the write would go through it).
   */
  public Path forWrite(String requested) throws PathRefusedException, IOException {
    Path p = lexical(requested);
    if (Files.isSymbolicLink(p)) {
      throw new PathRefusedException(requested + " is a symlink; writing through it is refused");
    }
    Path existing = p.getParent();
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null || !existing.toRealPath().startsWith(root)) {
      throw new PathRefusedException(requested + " leads outside the workspace through a symlink");
    }
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new PathRefusedException(requested + " is a directory");
    }
    return p;
  }

  private Path lexical(String requested) throws PathRefusedException {
    if (requested.isBlank() || requested.indexOf('\0') >= 0) {
      throw new PathRefusedException("an empty or invalid path");
    }
    Path asked = Path.of(requested);
    if (asked.isAbsolute()) {
      throw new PathRefusedException(
          requested + " is absolute; use a path relative to the workspace");
    }
    for (Path segment : asked) {
      String s = segment.toString();
      if (s.equals("..")) {
        throw new PathRefusedException(requested + " contains '..'; stay inside the workspace");
      }
    }
    Path p = root.resolve(asked).normalize();
    if (!p.startsWith(root)) {
      throw new PathRefusedException(requested + " is outside the workspace");
    }
    Path rel = root.relativize(p);
    if (rel.getNameCount() > 0 && rel.getName(0).toString().equals(".git")) {
      throw new PathRefusedException(requested + " is inside .git, which tools may not touch");
    }
    return p;
  }

  /** Why a path was refused; the text goes back to the model. */
  public static final class PathRefusedException extends Exception {
    public PathRefusedException(String message) {
      super(message);
    }
  }
}
