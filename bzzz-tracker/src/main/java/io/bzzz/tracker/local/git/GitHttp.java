package io.bzzz.tracker.local.git;

import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Repo;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.resolver.ServiceNotAuthorizedException;

/**
 * JGit's smart HTTP servlet, serving the repository that {@link GitAccessFilter} resolved and
 * authorized. Pushes are only accepted with a user attached (the filter demands write access).
 */
public final class GitHttp {
  private GitHttp() {}

  public static GitServlet servlet(GitRepos repos, long maxPackBytes) {
    GitServlet servlet = new GitServlet();
    servlet.setRepositoryResolver((HttpServletRequest req, String name) -> repos.open(repo(req)));
    servlet.setUploadPackFactory((req, db) -> new UploadPack(db));
    servlet.setReceivePackFactory(
        (HttpServletRequest req, Repository db) -> {
          if (!(req.getAttribute(GitAccessFilter.USER_ATTRIBUTE) instanceof Account user)) {
            throw new ServiceNotAuthorizedException();
          }
          ReceivePack rp = new ReceivePack(db);
          rp.setRefLogIdent(new PersonIdent(user.login(), user.email()));
          rp.setMaxPackSizeLimit(maxPackBytes);
          rp.setAllowNonFastForwards(true);
          rp.setAtomic(true);
          return rp;
        });
    return servlet;
  }

  private static Repo repo(HttpServletRequest req) {
    if (req.getAttribute(GitAccessFilter.REPO_ATTRIBUTE) instanceof Repo repo) {
      return repo;
    }
    throw new IllegalStateException("git request reached the servlet without access check");
  }
}
