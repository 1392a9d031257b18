package io.bzzz.agent.workspace;

import io.bzzz.agent.config.AgentConfig.GitIdentity;
import io.bzzz.p2p.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes workspaces under {@code <data-dir>/workspaces}: one fresh directory per attempt, so a
 * crashed run's leftovers never leak into the next one. Their git directories live apart, under
 * {@code <data-dir>/git} (mode 0700), where no task and no container mount reaches.
 */
public final class Workspaces {
  private final Path root;
  private final Path gitRoot;
  private final GitIdentity identity;
  private final Optional<GitCredentials> credentials;
  private final AtomicLong counter = new AtomicLong();

  public Workspaces(Path dataDir, GitIdentity identity, Optional<GitCredentials> credentials) {
    this.root = dataDir.resolve("workspaces");
    this.gitRoot = dataDir.resolve("git");
    this.identity = identity;
    this.credentials = credentials;
  }

  /**
   * Clones {@code branch} of {@code cloneUrl} into a new directory.
   *
   * @param repository {@code owner/name}, used for the directory name and messages
   */
  public Workspace open(String cloneUrl, String repository, long number, String branch)
      throws WorkspaceException {
    String name =
        repository.replace('/', '_')
            + "-"
            + number
            + "-"
            + ProcessHandle.current().pid()
            + "-"
            + counter.incrementAndGet();
    Path dir = root.resolve(name);
    Path gitDir = gitRoot.resolve(name);
    try {
      OwnerOnly.createDirectories(root); // clones may hold credentials and private code
      OwnerOnly.createDirectories(gitRoot); // out of the tasks' way, see Workspace
      Workspace.deleteTree(dir);
      Workspace.deleteTree(gitDir);
    } catch (IOException e) {
      throw new WorkspaceException("cannot prepare " + dir + ": " + e.getMessage(), e);
    }
    return Workspace.cloneBranch(cloneUrl, repository, branch, dir, gitDir, identity, credentials);
  }

  /**
   * The workspace {@code name} (its git directory's name) that an earlier run left, as it was.
   *
   * @param repository {@code owner/name}, for messages
   */
  public Workspace reopen(String name, String repository, String branch) throws WorkspaceException {
    Path gitDir = gitDir(name);
    return Workspace.reopen(root.resolve(name), gitDir, repository, branch, identity, credentials);
  }

  /**
   * The git directory {@code name} (a plain name, as {@link Workspace#gitDir} ends in) under {@code
   * <data-dir>/git}; anything else is refused, so a damaged record cannot point elsewhere.
   */
  public Path gitDir(String name) {
    Path p = gitRoot.resolve(name).normalize();
    if (name.isEmpty() || name.startsWith(".") || !gitRoot.equals(p.getParent())) {
      throw new IllegalArgumentException("not a git directory name: " + name);
    }
    return p;
  }

  /** Deletes a git directory kept for a delivery ({@link Workspace#keepGitDir}). */
  public void removeGitDir(String name) throws IOException {
    Workspace.deleteTree(gitDir(name));
  }

  /** Deletes every workspace left by an earlier run (called at start, before any task). */
  public void removeStale() throws IOException {
    Workspace.deleteTree(root);
    Workspace.deleteTree(gitRoot);
  }

  /** A directory for script and task files, outside every workspace. */
  public Path scratch() {
    return root.resolveSibling("scratch");
  }
}
