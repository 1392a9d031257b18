package io.bzzz.tracker.local.git;

import io.bzzz.tracker.local.Names;
import io.bzzz.tracker.local.auth.Authenticator;
import io.bzzz.tracker.local.auth.BadCredentials;
import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Permission;
import io.bzzz.tracker.local.store.Repo;
import io.bzzz.tracker.local.store.RepoStore;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guards git smart HTTP: resolves {@code /{owner}/{repo}.git/...} with strict names (nothing else
 * reaches the file system), authenticates, and lets a request through only with the access it
 * needs: read for fetch and clone (anonymous for public repositories), write for push. A missing or
 * wrong credential gets a 401 with a basic challenge, which is what makes git clients send one.
 */
public final class GitAccessFilter implements Filter {
  static final String REPO_ATTRIBUTE = "io.bzzz.tracker.repo";
  static final String USER_ATTRIBUTE = "io.bzzz.tracker.user";

  private static final Pattern PATH = Pattern.compile("^/([^/]+)/([^/]+)\\.git(/.*)?$");

  private final RepoStore repos;
  private final Authenticator authenticator;

  public GitAccessFilter(RepoStore repos, Authenticator authenticator) {
    this.repos = repos;
    this.authenticator = authenticator;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    String path = req.getRequestURI().substring(req.getContextPath().length());
    Matcher m = PATH.matcher(path);
    if (!m.matches() || !Names.isValidUser(m.group(1)) || !Names.isValidRepo(m.group(2))) {
      resp.sendError(404);
      return;
    }
    Optional<Account> user;
    try {
      user = authenticator.authenticate(Optional.ofNullable(req.getHeader("Authorization")));
    } catch (BadCredentials e) {
      challenge(resp);
      return;
    }
    Optional<Repo> repo = repos.find(m.group(1), m.group(2));
    if (repo.isEmpty()) {
      resp.sendError(404);
      return;
    }
    // The query string, not getParameter: that could read a form body of a POST.
    String query = Optional.ofNullable(req.getQueryString()).orElse("");
    boolean push =
        path.endsWith("/git-receive-pack")
            || Arrays.asList(query.split("&")).contains("service=git-receive-pack");
    Permission needed = push ? Permission.WRITE : Permission.READ;
    Permission has = repos.permission(repo.get(), user);
    if (!has.atLeast(needed)) {
      if (user.isEmpty()) {
        challenge(resp);
      } else if (has.atLeast(Permission.READ)) {
        resp.sendError(403);
      } else {
        resp.sendError(404);
      }
      return;
    }
    req.setAttribute(REPO_ATTRIBUTE, repo.get());
    user.ifPresent(u -> req.setAttribute(USER_ATTRIBUTE, u));
    chain.doFilter(request, response);
  }

  private static void challenge(HttpServletResponse resp) throws IOException {
    resp.setHeader("WWW-Authenticate", "Basic realm=\"Bzzz local tracker\"");
    resp.sendError(401);
  }
}
