package io.bzzz.tracker.local.api;

import io.bzzz.tracker.local.auth.Accounts;
import io.bzzz.tracker.local.git.GitRepos;
import io.bzzz.tracker.local.names.Names;
import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Comment;
import io.bzzz.tracker.local.store.Issue;
import io.bzzz.tracker.local.store.Permission;
import io.bzzz.tracker.local.store.Repo;
import io.bzzz.tracker.local.store.ReviewStore;
import io.bzzz.tracker.local.store.TrackerStore;

/** What every resource needs: the state, the git repositories, and how to show them. */
record ApiContext(
    TrackerStore store,
    GitRepos git,
    GiteaJson json,
    String baseUrl,
    Accounts accounts,
    IssueHooks hooks,
    PullHooks pullHooks) {

  /** Tells the repository's webhooks that {@code issue} changed ({@link IssueHooks}). */
  void issueChanged(Repo repo, Issue issue, String action, String eventType, Account by) {
    hooks.changed(this, repo, issue, action, eventType, by);
  }

  /** Tells the repository's webhooks about a new comment ({@link PullHooks}). */
  void commented(Repo repo, Comment comment, Account by) {
    store
        .issues()
        .get(repo, comment.issueNumber())
        .ifPresent(issue -> pullHooks.commented(this, repo, issue, comment, by));
  }

  /** Tells the repository's webhooks about a submitted review ({@link PullHooks}). */
  void reviewed(Repo repo, Issue pull, ReviewStore.Review review, Account by) {
    pullHooks.reviewed(this, repo, pull, review, by);
  }

  /** The Gitea JSON of a repository as {@code permission} sees it. */
  GiteaJson.Repository repositoryJson(Repo repo, Permission permission) {
    return json.repository(repo, store.repos().stats(repo), git.isEmpty(repo), permission);
  }

  /** A repository resolved from the path, and what the caller may do in it. */
  record RepoAccess(Repo repo, Permission permission) {
    RepoAccess requireWrite() {
      if (!permission.atLeast(Permission.WRITE)) {
        throw ApiException.forbidden("user should have write permission on the repository");
      }
      return this;
    }
  }

  /**
   * The repository named by {@code {owner}/{repo}} in the path. Unknown, invalid and invisible
   * (private, no access) repositories are all 404, so that names do not leak.
   */
  RepoAccess repo(ApiRequest r) {
    String owner = r.param("owner");
    String name = r.param("repo");
    if (!Names.isValidUser(owner) || !Names.isValidRepo(name)) {
      throw ApiException.notFound();
    }
    Repo repo = store.repos().find(owner, name).orElseThrow(ApiException::notFound);
    Permission p = store.repos().permission(repo, r.user());
    if (!p.atLeast(Permission.READ)) {
      throw ApiException.notFound();
    }
    return new RepoAccess(repo, p);
  }

  /** Like {@link #repo} for a request that changes the repository: needs a user with write. */
  RepoAccess writableRepo(ApiRequest r) {
    r.requireUser();
    return repo(r).requireWrite();
  }
}
