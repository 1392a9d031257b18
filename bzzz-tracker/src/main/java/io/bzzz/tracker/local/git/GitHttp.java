package io.bzzz.tracker.local.git;

import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.IssueStore;
import io.bzzz.tracker.local.store.Permission;
import io.bzzz.tracker.local.store.Repo;
import io.bzzz.tracker.local.store.RepoStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.resolver.ServiceNotAuthorizedException;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;

/**
 * JGit's smart HTTP servlet, serving the repository that {@link GitAccessFilter} resolved and
 * authorized. The pack factories check the caller's permission once more themselves, so that a
 * request the filter misjudged still cannot read or push (defence in depth).
 */
public final class GitHttp {
  private GitHttp() {}

  public static GitServlet servlet(
      GitRepos git, RepoStore repos, IssueStore issues, long maxPackBytes) {
    GitServlet servlet = new GitServlet();
    servlet.setRepositoryResolver((HttpServletRequest req, String name) -> git.open(repo(req)));
    servlet.setUploadPackFactory(
        (HttpServletRequest req, Repository db) -> {
          require(repos, req, Permission.READ);
          return new UploadPack(db);
        });
    servlet.setReceivePackFactory(
        (HttpServletRequest req, Repository db) -> {
          Permission has = require(repos, req, Permission.WRITE);
          Account user = user(req).orElseThrow(ServiceNotAuthorizedException::new);
          ReceivePack rp = new ReceivePack(db);
          rp.setRefLogIdent(new PersonIdent(user.login(), user.email()));
          rp.setMaxPackSizeLimit(maxPackBytes);
          rp.setAllowNonFastForwards(true);
          rp.setAtomic(true);
          Repo target = repo(req);
          rp.setPreReceiveHook(
              new ClaimRefGuard(
                  has.atLeast(Permission.ADMIN), branch -> issues.hasOpenPullFrom(target, branch)));
          return rp;
        });
    return servlet;
  }

  /** The caller's permission, if at least {@code needed}: else 401 (anonymous) or 403. */
  private static Permission require(RepoStore repos, HttpServletRequest req, Permission needed)
      throws ServiceNotAuthorizedException, ServiceNotEnabledException {
    Optional<Account> user = user(req);
    Permission has = repos.permission(repo(req), user);
    if (!has.atLeast(needed)) {
      if (user.isEmpty()) {
        throw new ServiceNotAuthorizedException();
      }
      throw new ServiceNotEnabledException();
    }
    return has;
  }

  private static Optional<Account> user(HttpServletRequest req) {
    return req.getAttribute(GitAccessFilter.USER_ATTRIBUTE) instanceof Account user
        ? Optional.of(user)
        : Optional.empty();
  }

  private static Repo repo(HttpServletRequest req) {
    if (req.getAttribute(GitAccessFilter.REPO_ATTRIBUTE) instanceof Repo repo) {
      return repo;
    }
    throw new IllegalStateException("git request reached the servlet without access check");
  }
}
