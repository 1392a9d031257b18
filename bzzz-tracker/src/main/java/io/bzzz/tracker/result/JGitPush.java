package io.bzzz.tracker.result;

import io.bzzz.tracker.RepoInfo;
import io.bzzz.tracker.http.Token;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes with JGit over HTTP(S), the token as the basic-auth password (GitHub and Gitea both accept
 * that). Never forces: the claim branch only moves forward, and a rejected push means someone else
 * wrote to it. The repository is opened with {@link HooklessGit}: no pre-push hook or other program
 * a task may have planted runs here.
 */
public final class JGitPush implements GitPush {
  private static final Logger log = LoggerFactory.getLogger(JGitPush.class);
  private final String user;
  private final Token token;

  public JGitPush(String user, Token token) {
    this.user = user;
    this.token = token;
  }

  @Override
  public void push(Path gitDir, RepoInfo repo, String branch) {
    try (Repository repository = HooklessGit.openGitDir(gitDir);
        Git git = Git.wrap(repository)) {
      Iterable<PushResult> results =
          git.push()
              .setRemote(repo.cloneUrl())
              .setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch))
              .setCredentialsProvider(new UsernamePasswordCredentialsProvider(user, token.reveal()))
              .call();
      List<String> refused = new ArrayList<>();
      for (PushResult result : results) {
        for (RemoteRefUpdate update : result.getRemoteUpdates()) {
          switch (update.getStatus()) {
            case OK, UP_TO_DATE -> {}
            default ->
                refused.add(
                    update.getRemoteName()
                        + " "
                        + update.getStatus()
                        + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
          }
        }
      }
      if (!refused.isEmpty()) {
        throw new PushFailedException(
            token.redact("push to " + repo.repo() + " refused: " + String.join(", ", refused)),
            null);
      }
      log.atInfo().addKeyValue("repo", repo.repo()).addKeyValue("branch", branch).log("pushed");
    } catch (IOException | GitAPIException e) {
      throw new PushFailedException(
          token.redact("push of " + branch + " to " + repo.repo() + " failed: " + e.getMessage()),
          null);
    }
  }
}
