package io.bzzz.agent.workspace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;

/**
 * The unified diff of a workspace's branch against another branch of the same remote, from their
 * merge base (what a pull request shows), cut at a byte limit while it is written: a huge diff
 * costs at most the limit in memory.
 */
final class BranchDiff {
  static final String CUT = "\n[diff cut at %d bytes; read the files for the rest]\n";

  private BranchDiff() {}

  static String of(Git git, Optional<CredentialsProvider> credentials, String base, int maxBytes)
      throws WorkspaceException {
    Repository repo = git.getRepository();
    String remoteRef = "refs/remotes/origin/" + base;
    if (!Repository.isValidRefName("refs/heads/" + base)) {
      throw new WorkspaceException("not a branch name: " + base, null);
    }
    try {
      var fetch =
          git.fetch()
              .setRemote("origin")
              .setRefSpecs(new RefSpec("+refs/heads/" + base + ":" + remoteRef));
      credentials.ifPresent(fetch::setCredentialsProvider);
      fetch.call();
      ObjectId head = repo.resolve("HEAD");
      ObjectId other = repo.resolve(remoteRef);
      if (head == null || other == null) {
        throw new WorkspaceException("branch " + base + " is not on the remote", null);
      }
      try (RevWalk walk = new RevWalk(repo)) {
        RevCommit headCommit = walk.parseCommit(head);
        walk.setRevFilter(RevFilter.MERGE_BASE);
        walk.markStart(headCommit);
        walk.markStart(walk.parseCommit(other));
        RevCommit mergeBase = walk.next();
        if (mergeBase == null) {
          throw new WorkspaceException("the branch has no common history with " + base, null);
        }
        Capped out = new Capped(maxBytes);
        try (DiffFormatter f = new DiffFormatter(out)) {
          f.setRepository(repo);
          f.setDetectRenames(true);
          f.format(mergeBase.getTree(), headCommit.getTree());
          f.flush();
        } catch (Capped.Full e) {
          return out.text() + String.format(CUT, maxBytes);
        }
        return out.text();
      }
    } catch (GitAPIException | IOException | RuntimeException e) {
      throw new WorkspaceException("cannot diff against " + base + ": " + e.getMessage(), e);
    }
  }

  /** Keeps the first {@code max} bytes, then stops the writer. */
  private static final class Capped extends OutputStream {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int max;

    Capped(int max) {
      this.max = max;
    }

    /** Thrown through the formatter once the limit is reached. */
    static final class Full extends IOException {
      Full() {
        super("diff limit reached", null);
      }
    }

    @Override
    public void write(int b) throws IOException {
      if (kept.size() >= max) {
        throw new Full();
      }
      kept.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int room = max - kept.size();
      kept.write(b, off, Math.min(room, len));
      if (len > room) {
        throw new Full();
      }
    }

    String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }
}
