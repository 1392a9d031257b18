package io.bzzz.agent.workspace;

import io.bzzz.agent.config.AgentConfig.GitIdentity;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh clone of one branch, where one task is done. It owns its directory: {@link #close}
 * deletes it (without following symlinks a task may have planted).
 *
 * <p>Safe against a hostile repository: JGit never runs hooks on clone, and a clone brings no hooks
 * or repository config from the remote; commits here skip hooks and signing anyway, and submodules
 * are not fetched.
 */
public final class Workspace implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Workspace.class);

  private final Git git;
  private final Path dir;
  private final String repoName;
  private final String branch;
  private final GitIdentity identity;
  private final Optional<CredentialsProvider> credentials;

  private Workspace(
      Git git,
      Path dir,
      String repoName,
      String branch,
      GitIdentity identity,
      Optional<CredentialsProvider> credentials) {
    this.git = git;
    this.dir = dir;
    this.repoName = repoName;
    this.branch = branch;
    this.identity = identity;
    this.credentials = credentials;
  }

  /**
   * Clones {@code branch} of {@code url} into {@code dir}, which must not exist yet.
   *
   * @param repoName for messages only ({@code owner/name}); the URL may hold nothing secret
   */
  static Workspace cloneBranch(
      String url,
      String repoName,
      String branch,
      Path dir,
      GitIdentity identity,
      Optional<GitCredentials> credentials)
      throws WorkspaceException {
    Optional<CredentialsProvider> provider = credentials.map(GitCredentials::provider);
    try {
      var clone =
          Git.cloneRepository()
              .setURI(url)
              .setDirectory(dir.toFile())
              .setBranch("refs/heads/" + branch)
              .setBranchesToClone(List.of("refs/heads/" + branch))
              .setCloneSubmodules(false)
              .setCloneAllBranches(false);
      provider.ifPresent(clone::setCredentialsProvider);
      Git git = clone.call();
      String head = git.getRepository().getBranch();
      if (!branch.equals(head)) {
        git.close();
        deleteQuietly(dir);
        throw new WorkspaceException(
            "cannot clone " + repoName + ": branch " + branch + " does not exist", null);
      }
      log.atInfo()
          .addKeyValue("repo", repoName)
          .addKeyValue("branch", branch)
          .addKeyValue("dir", dir)
          .log("workspace cloned");
      return new Workspace(git, dir, repoName, branch, identity, provider);
    } catch (GitAPIException | IOException | RuntimeException e) {
      deleteQuietly(dir);
      throw new WorkspaceException(
          "cannot clone branch " + branch + " of " + repoName + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  public String branch() {
    return branch;
  }

  /** Paths (relative, sorted) added, changed or deleted since the clone. */
  public List<String> changedFiles() throws WorkspaceException {
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
    } catch (GitAPIException e) {
      throw new WorkspaceException("cannot read the status of " + repoName, e);
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
    } catch (GitAPIException e) {
      throw new WorkspaceException("cannot commit in " + repoName, e);
    }
  }

  /** Pushes the branch to where it was cloned from; a rejected update is an error. */
  public void push() throws WorkspaceException {
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

  /** Deletes the workspace. */
  @Override
  public void close() {
    git.close();
    deleteQuietly(dir);
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
