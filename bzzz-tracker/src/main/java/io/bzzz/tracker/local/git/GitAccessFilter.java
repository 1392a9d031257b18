package io.bzzz.tracker.local.git;

import io.bzzz.tracker.local.auth.Authenticator;
import io.bzzz.tracker.local.auth.BadCredentials;
import io.bzzz.tracker.local.auth.LoginThrottled;
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
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards git smart HTTP: classifies the request with {@link GitRequest} (canonical paths only, so
 * that what is checked here is what JGit serves), authenticates, and lets it through only with the
 * access it needs: read for fetch and clone (anonymous for public repositories), write for push. A
 * missing or wrong credential gets a 401 with a basic challenge, which is what makes git clients
 * send one.
 */
public final class GitAccessFilter implements Filter {
  static final String REPO_ATTRIBUTE = "io.bzzz.tracker.repo";
  static final String USER_ATTRIBUTE = "io.bzzz.tracker.user";

  private static final Logger log = LoggerFactory.getLogger(GitAccessFilter.class);

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
    String rawPath = req.getRequestURI().substring(req.getContextPath().length());
    GitRequest.Service service;
    switch (GitRequest.parse(req.getMethod(), rawPath, Optional.ofNullable(req.getQueryString()))) {
      case GitRequest.Refused refused -> {
        log.atDebug()
            .addKeyValue("status", refused.status())
            .addKeyValue("reason", refused.reason())
            .log("git request refused");
        resp.sendError(refused.status());
        return;
      }
      case GitRequest.Service s -> service = s;
    }
    // The path JGit routes on is the decoded one; a canonical raw path decodes to itself.
    String routed = req.getServletPath() + Objects.requireNonNullElse(req.getPathInfo(), "");
    if (!routed.equals(rawPath)) {
      resp.sendError(400);
      return;
    }
    Optional<Account> user;
    try {
      user =
          authenticator.authenticate(
              Optional.ofNullable(req.getHeader("Authorization")), req.getRemoteAddr());
    } catch (LoginThrottled e) {
      resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
      resp.sendError(429);
      return;
    } catch (BadCredentials e) {
      challenge(resp);
      return;
    }
    Optional<Repo> repo = repos.find(service.owner(), service.repo());
    if (repo.isEmpty()) {
      resp.sendError(404);
      return;
    }
    Permission needed =
        service.operation() == GitRequest.Operation.PUSH ? Permission.WRITE : Permission.READ;
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
