package io.bzzz.tracker.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** JGit as a client of the tracker's git smart HTTP, for tests. */
final class GitClient {
  private GitClient() {}

  static Git cloneRepo(String url, Path dir, String token) {
    try {
      return Git.cloneRepository()
          .setURI(url)
          .setDirectory(dir.toFile())
          .setCredentialsProvider(new UsernamePasswordCredentialsProvider("agent", token))
          .call();
    } catch (GitAPIException e) {
      throw new IllegalStateException("clone of " + url + " failed: " + e.getMessage(), e);
    }
  }

  /** Checks out {@code branch} (creating it from HEAD when absent), commits one file. */
  static String commitFile(Git git, String branch, String file, String content) {
    try {
      boolean exists = git.getRepository().findRef("refs/remotes/origin/" + branch) != null;
      boolean local = git.getRepository().findRef("refs/heads/" + branch) != null;
      if (local) {
        git.checkout().setName(branch).call();
      } else if (exists) {
        git.checkout()
            .setName(branch)
            .setCreateBranch(true)
            .setStartPoint("origin/" + branch)
            .call();
      } else {
        git.checkout().setName(branch).setCreateBranch(true).call();
      }
      Path p = git.getRepository().getWorkTree().toPath().resolve(file);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
      git.add().addFilepattern(file).call();
      return git.commit()
          .setMessage("change " + file)
          .setAuthor("agent", "agent@localhost")
          .setCommitter("agent", "agent@localhost")
          .call()
          .name();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pushes a branch and returns the remote's verdict on it. */
  static RemoteRefUpdate.Status push(Git git, String branch, String token) throws GitAPIException {
    Iterable<PushResult> results =
        git.push()
            .setRemote("origin")
            .add(branch)
            .setCredentialsProvider(new UsernamePasswordCredentialsProvider("agent", token))
            .call();
    for (PushResult r : results) {
      RemoteRefUpdate u = r.getRemoteUpdate("refs/heads/" + branch);
      if (u != null) {
        return u.getStatus();
      }
    }
    throw new IllegalStateException("no result for " + branch);
  }
}
