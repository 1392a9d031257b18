package io.bzzz.agent.workspace;

import io.bzzz.agent.config.AgentConfig.GitIdentity;
import io.bzzz.tracker.result.HooklessGit;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.jgit.api.CherryPickResult;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh clone of one branch, where one task is done. It owns its two directories, the work tree
 * and the git directory: {@link #close} deletes both (without following symlinks a task may have
 * planted).
 *
 * <p>The git directory lives apart from the work tree (under {@code <data-dir>/git}, mode 0700), so
 * the work tree a task sees, and a container mounts, has no {@code .git}: a task cannot plant a
 * hook or config that git would later obey on the host with the agent's environment. A {@code .git}
 * the task creates in the work tree is neither read nor committed. The repository is opened with
 * {@link HooklessGit} (no hooks, no filter commands) whenever git touches it, and commits skip
 * verification and signing; submodules are not fetched.
 */
public final class Workspace implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Workspace.class);

  private final Git git;
  private final Path dir;
  private final Path gitDir;
  private final String repoName;
  private final String branch;
  private final GitIdentity identity;
  private final Optional<CredentialsProvider> credentials;
  private volatile boolean keepGitDir;

  private Workspace(
      Git git,
      Path dir,
      Path gitDir,
      String repoName,
      String branch,
      GitIdentity identity,
      Optional<CredentialsProvider> credentials) {
    this.git = git;
    this.dir = dir;
    this.gitDir = gitDir;
    this.repoName = repoName;
    this.branch = branch;
    this.identity = identity;
    this.credentials = credentials;
  }

  /**
   * Clones {@code branch} of {@code url} into the work tree {@code dir} with its git directory at
   * {@code gitDir}; neither may exist yet.
   *
   * @param repoName for messages only ({@code owner/name}); the URL may hold nothing secret
   */
  static Workspace cloneBranch(
      String url,
      String repoName,
      String branch,
      Path dir,
      Path gitDir,
      GitIdentity identity,
      Optional<GitCredentials> credentials)
      throws WorkspaceException {
    Optional<CredentialsProvider> provider = credentials.map(GitCredentials::provider);
    try {
      var clone =
          Git.cloneRepository()
              .setFs(HooklessGit.FILE_SYSTEM)
              .setURI(url)
              .setDirectory(dir.toFile())
              .setGitDir(gitDir.toFile())
              .setBranch("refs/heads/" + branch)
              .setBranchesToClone(List.of("refs/heads/" + branch))
              .setCloneSubmodules(false)
              .setCloneAllBranches(false);
      provider.ifPresent(clone::setCredentialsProvider);
      clone.call().close();
      // JGit leaves a "gitdir: <path>" file in the work tree; the task must not learn the path.
      Files.deleteIfExists(dir.resolve(Constants.DOT_GIT));
      Git git = Git.wrap(HooklessGit.open(gitDir, dir));
      String head = git.getRepository().getBranch();
      if (!branch.equals(head)) {
        git.getRepository().close();
        deleteQuietly(dir);
        deleteQuietly(gitDir);
        throw new WorkspaceException(
            "cannot clone " + repoName + ": branch " + branch + " does not exist", null);
      }
      log.atInfo()
          .addKeyValue("repo", repoName)
          .addKeyValue("branch", branch)
          .addKeyValue("dir", dir)
          .log("workspace cloned");
      return new Workspace(git, dir, gitDir, repoName, branch, identity, provider);
    } catch (GitAPIException | IOException | RuntimeException e) {
      deleteQuietly(dir);
      deleteQuietly(gitDir);
      throw new WorkspaceException(
          "cannot clone branch " + branch + " of " + repoName + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens a workspace an earlier run of this agent left on disk (work tree {@code dir}, git
   * directory {@code gitDir}), as it was: nothing is fetched or reset.
   */
  static Workspace reopen(
      Path dir,
      Path gitDir,
      String repoName,
      String branch,
      GitIdentity identity,
      Optional<GitCredentials> credentials)
      throws WorkspaceException {
    if (!Files.isDirectory(dir) || !Files.isDirectory(gitDir)) {
      throw new WorkspaceException("the workspace " + dir.getFileName() + " is gone", null);
    }
    try {
      Git git = Git.wrap(HooklessGit.open(gitDir, dir));
      return new Workspace(
          git, dir, gitDir, repoName, branch, identity, credentials.map(GitCredentials::provider));
    } catch (IOException | RuntimeException e) {
      throw new WorkspaceException(
          "cannot open the workspace " + dir.getFileName() + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** The git directory, outside the work tree; what the result workflow pushes from. */
  public Path gitDir() {
    return gitDir;
  }

  public String branch() {
    return branch;
  }

  /** Paths (relative, sorted) added, changed or deleted since the clone. */
  public List<String> changedFiles() throws WorkspaceException {
    HooklessGit.disableCommands(git.getRepository());
    dropPlantedGitDirs();
    try {
      Status s = git.status().call();
      TreeSet<String> files = new TreeSet<>();
      files.addAll(s.getAdded());
      files.addAll(s.getChanged());
      files.addAll(s.getModified());
      files.addAll(s.getUntracked());
      files.addAll(s.getRemoved());
      files.addAll(s.getMissing());
      return List.copyOf(files);
    } catch (GitAPIException | RuntimeException e) {
      throw new WorkspaceException(
          "cannot read the status of " + repoName + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes every {@code .git} file or directory a task left in the work tree: it is never task
   * output, and a nested one would otherwise be committed as a submodule link.
   */
  private void dropPlantedGitDirs() throws WorkspaceException {
    List<Path> planted = new ArrayList<>();
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              if (d.getFileName().toString().equals(Constants.DOT_GIT)) {
                planted.add(d);
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (f.getFileName().toString().equals(Constants.DOT_GIT)) {
                planted.add(f);
              }
              return FileVisitResult.CONTINUE;
            }
          });
      for (Path p : planted) {
        deleteTree(p);
      }
    } catch (IOException e) {
      throw new WorkspaceException(
          "cannot remove the .git entries a task left in " + repoName + ": " + e.getMessage(), e);
    }
    if (!planted.isEmpty()) {
      log.atWarn()
          .addKeyValue("repo", repoName)
          .addKeyValue("count", planted.size())
          .log("removed .git entries the task created in the work tree");
    }
  }

  /**
   * Stages every change so far, so that a later {@link #discardUnstaged} keeps it: the work of one
   * run that succeeded, before another run in the same work tree.
   */
  public void stageAll() throws WorkspaceException {
    try {
      if (changedFiles().isEmpty()) {
        return;
      }
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
    } catch (GitAPIException | RuntimeException e) {
      throw new WorkspaceException("cannot stage in " + repoName + ": " + e.getMessage(), e);
    }
  }

  /**
   * Throws away what was changed since the last {@link #stageAll} (or the clone): the half-done
   * work of a run that failed, which must not be committed with the rest.
   */
  public void discardUnstaged() throws WorkspaceException {
    HooklessGit.disableCommands(git.getRepository());
    dropPlantedGitDirs();
    try {
      git.checkout().setAllPaths(true).call(); // the work tree back to the index
      // and files the index does not know, ignored ones too: a run may hide what it wrote
      git.clean().setCleanDirectories(true).setIgnore(false).call();
    } catch (GitAPIException | RuntimeException e) {
      throw new WorkspaceException(
          "cannot discard the changes in " + repoName + ": " + e.getMessage(), e);
    }
  }

  /** Stages everything and commits it as the agent; empty when there was nothing to commit. */
  public Optional<String> commitAll(String message) throws WorkspaceException {
    try {
      if (changedFiles().isEmpty()) {
        return Optional.empty();
      }
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      PersonIdent who = new PersonIdent(identity.name(), identity.email());
      RevCommit commit =
          git.commit()
              .setMessage(message)
              .setAuthor(who)
              .setCommitter(who)
              .setNoVerify(true)
              .setSign(false)
              .call();
      return Optional.of(commit.getName());
    } catch (GitAPIException | RuntimeException e) {
      throw new WorkspaceException("cannot commit in " + repoName + ": " + e.getMessage(), e);
    }
  }

  /** A commit on another branch of the remote (an earlier attempt's result). */
  public record RemoteCommit(String id, String message, int parents) {}

  /**
   * The head commit of branch {@code other} of the remote, fetched into this repository; empty when
   * the remote has no such branch. A remote that cannot be reached is an error.
   */
  public Optional<RemoteCommit> fetchHead(String other) throws WorkspaceException {
    HooklessGit.disableCommands(git.getRepository());
    String remoteRef = "refs/heads/" + other;
    try {
      var list = git.lsRemote().setRemote("origin").setHeads(true);
      credentials.ifPresent(list::setCredentialsProvider);
      if (list.call().stream().noneMatch(r -> r.getName().equals(remoteRef))) {
        return Optional.empty();
      }
      String local = "refs/bzzz/earlier/" + other;
      var fetch =
          git.fetch().setRemote("origin").setRefSpecs(new RefSpec("+" + remoteRef + ":" + local));
      credentials.ifPresent(fetch::setCredentialsProvider);
      fetch.call();
      ObjectId id = git.getRepository().resolve(local);
      if (id == null) {
        return Optional.empty();
      }
      try (RevWalk walk = new RevWalk(git.getRepository())) {
        RevCommit c = walk.parseCommit(id);
        return Optional.of(new RemoteCommit(c.getName(), c.getFullMessage(), c.getParentCount()));
      }
    } catch (GitAPIException | IOException | RuntimeException e) {
      throw new WorkspaceException(
          "cannot read branch " + other + " of " + repoName + ": " + e.getMessage(), e);
    }
  }

  /**
   * Applies the change of commit {@code id} (fetched before) to the work tree, uncommitted, as an
   * executor's work would be; false, with the work tree left as it was, when it does not apply
   * cleanly.
   */
  public boolean applyChangeOf(String id) throws WorkspaceException {
    try {
      CherryPickResult result =
          git.cherryPick().include(ObjectId.fromString(id)).setNoCommit(true).call();
      if (result.getStatus() == CherryPickResult.CherryPickStatus.OK) {
        return true;
      }
      git.reset().setMode(ResetCommand.ResetType.HARD).call();
      return false;
    } catch (GitAPIException | RuntimeException e) {
      throw new WorkspaceException(
          "cannot apply " + id + " in " + repoName + ": " + e.getMessage(), e);
    }
  }

  /** Pushes the branch to where it was cloned from; a rejected update is an error. */
  public void push() throws WorkspaceException {
    HooklessGit.disableCommands(git.getRepository());
    try {
      var push = git.push().setRemote("origin").setRefSpecs(new RefSpec(branch + ":" + branch));
      credentials.ifPresent(push::setCredentialsProvider);
      for (PushResult result : push.call()) {
        for (RemoteRefUpdate update : result.getRemoteUpdates()) {
          if (update.getStatus() != RemoteRefUpdate.Status.OK
              && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
            throw new WorkspaceException(
                "push of "
                    + branch
                    + " to "
                    + repoName
                    + " was rejected: "
                    + update.getStatus()
                    + Optional.ofNullable(update.getMessage()).map(m -> " (" + m + ")").orElse(""),
                null);
          }
        }
      }
    } catch (GitAPIException e) {
      throw new WorkspaceException("cannot push " + branch + " to " + repoName, e);
    }
  }

  /**
   * The diff of this branch against {@code base} of the same remote, from their merge base (what
   * the pull request shows), at most {@code maxBytes} (then cut, with a line saying so).
   */
  public String diffAgainst(String base, int maxBytes) throws WorkspaceException {
    HooklessGit.disableCommands(git.getRepository());
    return BranchDiff.of(git, credentials, base, maxBytes);
  }

  /**
   * Keeps the git directory when the workspace is closed: its commit is still to be pushed, and
   * whoever delivers it removes it afterwards with {@link Workspaces#removeGitDir}.
   */
  public void keepGitDir() {
    keepGitDir = true;
  }

  /** Deletes the workspace (the git directory too, unless {@link #keepGitDir} was called). */
  @Override
  public void close() {
    git.getRepository().close(); // a wrapped repository is not closed by Git.close()
    deleteQuietly(dir);
    if (!keepGitDir) {
      deleteQuietly(gitDir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      log.atWarn().addKeyValue("dir", dir).log("cannot delete the workspace: " + e.getMessage());
    }
  }

  /** Deletes a tree; symlinks are deleted, never followed; read-only directories are opened. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
              throws IOException {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
            Files.delete(f);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
