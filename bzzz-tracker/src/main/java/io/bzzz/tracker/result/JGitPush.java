package io.bzzz.tracker.result;

import io.bzzz.tracker.RepoInfo;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TokenSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
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
 * a task may have planted runs here. The token is fetched for each push, and a push the server
 * refuses as unauthorized is tried once more with a renewed token (a rotated file, a new helper
 * answer).
 */
public final class JGitPush implements GitPush {
  private static final Logger log = LoggerFactory.getLogger(JGitPush.class);
  private final Supplier<String> user;
  private final TokenSource tokens;

  public JGitPush(String user, Token token) {
    this(user, TokenSource.fixed(token));
  }

  public JGitPush(String user, TokenSource tokens) {
    this(() -> user, tokens);
  }

  /** The user is asked for at each push (a Gitea token's owner is looked up on first use). */
  public JGitPush(Supplier<String> user, TokenSource tokens) {
    this.user = user;
    this.tokens = tokens;
  }

  @Override
  public void push(Path gitDir, RepoInfo repo, String branch) {
    Token token = tokens.current();
    try {
      push(gitDir, repo, branch, token);
    } catch (NotAuthorized e) {
      Optional<Token> fresh = tokens.renewAfterRejection(token);
      if (fresh.isEmpty() || fresh.get().equals(token)) {
        throw e.failure;
      }
      log.atInfo().addKeyValue("repo", repo.repo()).log("push refused; retrying with a new token");
      try {
        push(gitDir, repo, branch, fresh.get());
      } catch (NotAuthorized again) {
        throw again.failure;
      }
    }
  }

  /** A push refused for its credentials, which a renewed token may fix. */
  private static final class NotAuthorized extends Exception {
    private static final long serialVersionUID = 1L;
    final transient PushFailedException failure;

    NotAuthorized(PushFailedException failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }

  private void push(Path gitDir, RepoInfo repo, String branch, Token token) throws NotAuthorized {
    try (Repository repository = HooklessGit.openGitDir(gitDir);
        Git git = Git.wrap(repository)) {
      Iterable<PushResult> results =
          git.push()
              .setRemote(repo.cloneUrl())
              .setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch))
              .setCredentialsProvider(
                  new UsernamePasswordCredentialsProvider(user.get(), token.reveal()))
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
      PushFailedException failure =
          new PushFailedException(
              token.redact(
                  "push of " + branch + " to " + repo.repo() + " failed: " + e.getMessage()),
              null);
      if (notAuthorized(e)) {
        throw new NotAuthorized(failure);
      }
      throw failure;
    }
  }

  /** JGit reports a 401 as a transport error "not authorized" (or asks for credentials). */
  private static boolean notAuthorized(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("not authorized") || m.contains("authentication is required")) {
        return true;
      }
    }
    return false;
  }
}
