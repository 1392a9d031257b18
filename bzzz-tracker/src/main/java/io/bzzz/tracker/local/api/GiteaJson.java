package io.bzzz.tracker.local.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bzzz.tracker.local.git.BranchHead;
import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Comment;
import io.bzzz.tracker.local.store.Issue;
import io.bzzz.tracker.local.store.Label;
import io.bzzz.tracker.local.store.Permission;
import io.bzzz.tracker.local.store.PullInfo;
import io.bzzz.tracker.local.store.Repo;
import io.bzzz.tracker.local.store.RepoStats;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Gitea API v1 JSON shapes, field for field as Gitea returns them (snake case by the mapper). These
 * records are the wire format only: {@code null} here means JSON {@code null}, as Gitea sends it
 * (for example {@code pull_request} of a plain issue, or {@code assignees} when there are none).
 */
final class GiteaJson {
  private final String baseUrl;

  GiteaJson(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  record User(
      long id,
      String login,
      String loginName,
      long sourceId,
      String fullName,
      PrivateEmail email,
      String avatarUrl,
      String htmlUrl,
      String language,
      boolean isAdmin,
      String lastLogin,
      String created,
      boolean restricted,
      boolean active,
      boolean prohibitLogin,
      String location,
      String website,
      String description,
      String visibility,
      int followersCount,
      int followingCount,
      int starredReposCount,
      String username) {}

  User user(Account a) {
    return new User(
        a.id(),
        a.login(),
        "",
        0,
        a.fullName(),
        new PrivateEmail(a.id(), a.email()),
        baseUrl + "/avatars/" + a.login(),
        baseUrl + "/" + a.login(),
        "",
        a.admin(),
        "1970-01-01T00:00:00Z",
        time(a.created()),
        false,
        true,
        false,
        "",
        "",
        "",
        "public",
        0,
        0,
        0,
        a.login());
  }

  record RepoPermissions(boolean admin, boolean push, boolean pull) {}

  record Repository(
      long id,
      User owner,
      String name,
      String fullName,
      String description,
      boolean empty,
      @JsonProperty("private") boolean isPrivate,
      boolean fork,
      boolean template,
      Object parent,
      boolean mirror,
      long size,
      String language,
      String htmlUrl,
      String url,
      String link,
      String sshUrl,
      String cloneUrl,
      String originalUrl,
      String website,
      int starsCount,
      int forksCount,
      int watchersCount,
      int openIssuesCount,
      int openPrCounter,
      int releaseCounter,
      String defaultBranch,
      boolean archived,
      String createdAt,
      String updatedAt,
      RepoPermissions permissions,
      boolean hasIssues,
      boolean hasWiki,
      boolean hasPullRequests,
      boolean hasProjects,
      boolean hasReleases,
      boolean hasPackages,
      boolean hasActions,
      boolean ignoreWhitespaceConflicts,
      boolean allowMergeCommits,
      boolean allowRebase,
      boolean allowRebaseExplicit,
      boolean allowSquashMerge,
      String defaultMergeStyle,
      String avatarUrl,
      boolean internal,
      String mirrorInterval,
      String objectFormatName) {}

  Repository repository(Repo r, RepoStats stats, boolean empty, Permission p) {
    String html = baseUrl + "/" + r.fullName();
    return new Repository(
        r.id(),
        user(r.owner()),
        r.name(),
        r.fullName(),
        r.description(),
        empty,
        r.isPrivate(),
        false,
        false,
        null,
        false,
        0,
        "",
        html,
        baseUrl + "/api/v1/repos/" + r.fullName(),
        "",
        "",
        html + ".git",
        "",
        "",
        0,
        0,
        0,
        stats.openIssues(),
        stats.openPulls(),
        0,
        r.defaultBranch(),
        false,
        time(r.created()),
        time(r.updated()),
        new RepoPermissions(
            p.atLeast(Permission.ADMIN), p.atLeast(Permission.WRITE), p.atLeast(Permission.READ)),
        true,
        false,
        true,
        false,
        false,
        false,
        false,
        false,
        true,
        true,
        true,
        true,
        "merge",
        "",
        false,
        "",
        "sha1");
  }

  record LabelJson(
      long id,
      String name,
      boolean exclusive,
      boolean isArchived,
      String color,
      String description,
      String url) {}

  LabelJson label(Repo repo, Label l) {
    return new LabelJson(
        l.id(),
        l.name(),
        l.exclusive(),
        false,
        l.color(),
        l.description(),
        baseUrl + "/api/v1/repos/" + repo.fullName() + "/labels/" + l.id());
  }

  List<LabelJson> labels(Repo repo, List<Label> labels) {
    return labels.stream().map(l -> label(repo, l)).toList();
  }

  record PullRequestMeta(boolean merged, String mergedAt, boolean draft, String htmlUrl) {}

  record RepositoryMeta(long id, String name, String owner, String fullName) {}

  record IssueJson(
      long id,
      String url,
      String htmlUrl,
      long number,
      User user,
      String originalAuthor,
      long originalAuthorId,
      String title,
      String body,
      String ref,
      List<Object> assets,
      List<LabelJson> labels,
      Object milestone,
      User assignee,
      List<User> assignees,
      String state,
      boolean isLocked,
      int comments,
      String createdAt,
      String updatedAt,
      String closedAt,
      String dueDate,
      PullRequestMeta pullRequest,
      RepositoryMeta repository,
      int pinOrder,
      List<String> bzzzEditedBy) {}

  IssueJson issue(Repo repo, Issue i) {
    String html = baseUrl + "/" + repo.fullName() + (i.pull().isPresent() ? "/pulls/" : "/issues/");
    List<User> assignees =
        i.assignees().isEmpty() ? null : i.assignees().stream().map(this::user).toList();
    return new IssueJson(
        i.id(),
        baseUrl + "/api/v1/repos/" + repo.fullName() + "/issues/" + i.number(),
        html + i.number(),
        i.number(),
        user(i.poster()),
        "",
        0,
        i.title(),
        i.body(),
        "",
        List.of(),
        labels(repo, i.labels()),
        null,
        assignees == null ? null : assignees.get(0),
        assignees,
        i.closed() ? "closed" : "open",
        false,
        i.comments(),
        time(i.created()),
        time(i.updated()),
        i.closedAt().map(GiteaJson::time).orElse(null),
        null,
        i.pull()
            .map(
                p ->
                    new PullRequestMeta(
                        p.merged(),
                        p.mergedAt().map(GiteaJson::time).orElse(null),
                        false,
                        html + i.number()))
            .orElse(null),
        new RepositoryMeta(repo.id(), repo.name(), repo.owner().login(), repo.fullName()),
        0,
        logins(i.bodyEditors()));
  }

  /**
   * Bzzz's addition to Gitea's issue and comment objects ({@code bzzz_edited_by}): who changed the
   * text after it was posted, oldest edit first. Gitea keeps this out of its API.
   */
  private static List<String> logins(List<Account> accounts) {
    return accounts.stream().map(Account::login).toList();
  }

  record CommentJson(
      long id,
      String htmlUrl,
      String pullRequestUrl,
      String issueUrl,
      User user,
      String originalAuthor,
      long originalAuthorId,
      String body,
      List<Object> assets,
      String createdAt,
      String updatedAt,
      List<String> bzzzEditedBy) {}

  CommentJson comment(Repo repo, Comment c) {
    String issueUrl = baseUrl + "/" + repo.fullName() + "/issues/" + c.issueNumber();
    return new CommentJson(
        c.id(),
        issueUrl + "#issuecomment-" + c.id(),
        "",
        issueUrl,
        user(c.poster()),
        "",
        0,
        c.body(),
        List.of(),
        time(c.created()),
        time(c.updated()),
        logins(c.editors()));
  }

  record PayloadUser(String name, String email, String username) {}

  record PayloadCommit(
      String id,
      String message,
      String url,
      PayloadUser author,
      PayloadUser committer,
      Object verification,
      String timestamp,
      List<String> added,
      List<String> removed,
      List<String> modified) {}

  record BranchJson(
      String name,
      PayloadCommit commit,
      @JsonProperty("protected") boolean isProtected,
      int requiredApprovals,
      boolean enableStatusCheck,
      List<String> statusCheckContexts,
      boolean userCanPush,
      boolean userCanMerge,
      String effectiveBranchProtectionName) {}

  BranchJson branch(Repo repo, BranchHead b, Permission p) {
    var c = b.commit();
    return new BranchJson(
        b.name(),
        new PayloadCommit(
            c.sha(),
            c.message(),
            baseUrl + "/" + repo.fullName() + "/commit/" + c.sha(),
            new PayloadUser(c.authorName(), c.authorEmail(), ""),
            new PayloadUser(c.committerName(), c.committerEmail(), ""),
            null,
            time(c.time()),
            null,
            null,
            null),
        false,
        0,
        false,
        List.of(),
        p.atLeast(Permission.WRITE),
        p.atLeast(Permission.WRITE),
        "");
  }

  record BranchInfo(String label, String ref, String sha, long repoId, Repository repo) {}

  record PullJson(
      long id,
      String url,
      long number,
      User user,
      String title,
      String body,
      List<LabelJson> labels,
      Object milestone,
      User assignee,
      List<User> assignees,
      String state,
      boolean isLocked,
      int comments,
      String htmlUrl,
      String diffUrl,
      String patchUrl,
      boolean mergeable,
      boolean merged,
      String mergedAt,
      String mergeCommitSha,
      User mergedBy,
      boolean allowMaintainerEdit,
      BranchInfo base,
      BranchInfo head,
      String mergeBase,
      String dueDate,
      String createdAt,
      String updatedAt,
      String closedAt,
      int pinOrder) {}

  PullJson pull(Repo repo, Issue i, Repository repoJson, String headSha, String baseSha) {
    PullInfo p = i.pull().orElseThrow();
    String html = baseUrl + "/" + repo.fullName() + "/pulls/" + i.number();
    List<User> assignees =
        i.assignees().isEmpty() ? null : i.assignees().stream().map(this::user).toList();
    return new PullJson(
        i.id(),
        html,
        i.number(),
        user(i.poster()),
        i.title(),
        i.body(),
        labels(repo, i.labels()),
        null,
        assignees == null ? null : assignees.get(0),
        assignees,
        i.closed() ? "closed" : "open",
        false,
        i.comments(),
        html,
        html + ".diff",
        html + ".patch",
        !i.closed(),
        p.merged(),
        p.mergedAt().map(GiteaJson::time).orElse(null),
        null,
        null,
        false,
        new BranchInfo(p.baseRef(), p.baseRef(), baseSha, repo.id(), repoJson),
        new BranchInfo(p.headRef(), p.headRef(), headSha, repo.id(), repoJson),
        baseSha,
        null,
        time(i.created()),
        time(i.updated()),
        i.closedAt().map(GiteaJson::time).orElse(null),
        0);
  }

  record AccessToken(
      long id, String name, String sha1, String tokenLastEight, List<String> scopes) {}

  record ServerVersion(String version) {}
}
