package io.bzzz.tracker.result;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FS_POSIX;
import org.eclipse.jgit.util.ProcessResult;

/**
 * Opens the agent's repositories so that git never starts a program: no hooks (pre-commit,
 * commit-msg, post-commit, pre-push, ...), no filter drivers, nothing named by repository config. A
 * task may have written files where git looks for such programs; they would run on the host with
 * the agent's environment, outside any sandbox.
 *
 * <p>Three layers: a file system whose hook lookup finds nothing and which refuses to start a shell
 * command (so a {@code .gitattributes} naming a filter driver fails the commit instead of running
 * it); {@code core.hooksPath=/dev/null} (git's own way to say "no hooks", a path under which nobody
 * can create a file) set in memory every time the repository is opened; and the callers keep the
 * git directory out of the task's reach (a separate git directory outside the work tree).
 */
public final class HooklessGit {
  /** The file system every agent repository is opened with. */
  public static final FS FILE_SYSTEM = new NoCommandsFs();

  private static final String NO_HOOKS = "/dev/null";

  private HooklessGit() {}

  /**
   * Opens the git directory {@code gitDir} (not a work tree: a {@code .git} found inside a work
   * tree could be one a task planted), optionally with its work tree.
   */
  public static Repository open(Path gitDir, Path workTree) throws IOException {
    Repository repo =
        new FileRepositoryBuilder()
            .setFS(FILE_SYSTEM)
            .setGitDir(gitDir.toFile())
            .setWorkTree(workTree.toFile())
            .setMustExist(true)
            .build();
    disableCommands(repo);
    return repo;
  }

  /** Opens a git directory with no work tree, for a push. */
  public static Repository openGitDir(Path gitDir) throws IOException {
    Repository repo =
        new FileRepositoryBuilder()
            .setFS(FILE_SYSTEM)
            .setGitDir(gitDir.toFile())
            .setBare()
            .setMustExist(true)
            .build();
    disableCommands(repo);
    return repo;
  }

  /**
   * Re-asserts, in memory only, the settings that keep git from running programs, over whatever the
   * config file or the user's config say. JGit has no fsmonitor support; the setting is for anyone
   * who later points C git at the same directory.
   */
  public static void disableCommands(Repository repo) {
    StoredConfig config = repo.getConfig();
    config.setString("core", null, "hooksPath", NO_HOOKS);
    config.setBoolean("core", null, "fsmonitor", false);
  }

  /** POSIX file system semantics, but hooks are never found and shell commands never start. */
  private static final class NoCommandsFs extends FS_POSIX {
    NoCommandsFs() {
      super();
    }

    private NoCommandsFs(FS src) {
      super(src);
    }

    @Override
    public FS newInstance() {
      return new NoCommandsFs(this);
    }

    @Override
    public File findHook(Repository repository, String hookName) {
      return null;
    }

    @Override
    public ProcessResult runHookIfPresent(Repository repository, String hookName, String[] args) {
      return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
    }

    @Override
    public ProcessResult runHookIfPresent(
        Repository repository,
        String hookName,
        String[] args,
        OutputStream outRedirect,
        OutputStream errRedirect,
        String stdinArgs) {
      return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
    }

    @Override
    protected ProcessResult internalRunHookIfPresent(
        Repository repository,
        String hookName,
        String[] args,
        OutputStream outRedirect,
        OutputStream errRedirect,
        String stdinArgs) {
      return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
    }

    /** Filter drivers ({@code filter.<name>.clean/smudge}) and hooks start through here. */
    @Override
    public ProcessBuilder runInShell(String cmd, String[] args) {
      throw new UnsupportedOperationException(
          "the agent's git never runs commands (refused: a filter or hook command)");
    }
  }
}
