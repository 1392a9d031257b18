package io.bzzz.tracker.local.api;

import io.bzzz.tracker.local.names.Names;
import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Issue;
import io.bzzz.tracker.local.store.IssueQuery;
import io.bzzz.tracker.local.store.NewIssue;
import io.bzzz.tracker.local.store.Page;
import io.bzzz.tracker.local.store.Permission;
import io.bzzz.tracker.local.store.PullInfo;
import io.bzzz.tracker.local.store.Repo;
import java.util.List;
import java.util.Optional;

/**
 * Pull requests between branches of one repository: create, list, get. They take their number from
 * the issue sequence; a second open pull request for the same head and base is a 409.
 */
final class PullResource {
  private static final String PATH = "/repos/{owner}/{repo}/pulls";

  private final ApiContext ctx;
  private final IssueResource issues;

  PullResource(ApiContext ctx, IssueResource issues) {
    this.ctx = ctx;
    this.issues = issues;
  }

  void register(Router router) {
    router
        .add("GET", PATH, this::list)
        .add("POST", PATH, this::create)
        .add("GET", PATH + "/{index}", this::get)
        .add("POST", PATH + "/{index}/merge", this::merge)
        .add("GET", PATH + "/{index}/merge", this::isMerged);
  }

  record CreatePullRequestOption(
      String head,
      String base,
      String title,
      String body,
      String assignee,
      List<String> assignees,
      List<Long> labels) {}

  private ApiResponse create(ApiRequest r) {
    Account poster = r.requireUser();
    ApiContext.RepoAccess a = ctx.repo(r);
    CreatePullRequestOption o = r.body(CreatePullRequestOption.class);
    String title = IssueResource.requireTitle(o.title());
    String head = branchOf(a.repo(), o.head(), "Head");
    String base = branchOf(a.repo(), o.base(), "Base");
    if (head.equals(base)) {
      throw ApiException.unprocessable("Invalid PullRequest: head and base are the same branch");
    }
    if (ctx.git().branchSha(a.repo(), head).isEmpty()
        || ctx.git().branchSha(a.repo(), base).isEmpty()) {
      throw ApiException.notFound();
    }
    if (!ctx.git().hasCommitsAhead(a.repo(), head, base)) {
      throw ApiException.unprocessable(
          "Invalid PullRequest: There are no changes between the head and the base");
    }
    boolean writer = a.permission().atLeast(Permission.WRITE);
    Issue pull =
        ctx.store()
            .issues()
            .create(
                a.repo(),
                new NewIssue(
                    poster,
                    title,
                    o.body() == null ? "" : o.body(),
                    writer && o.labels() != null ? o.labels() : List.of(),
                    writer ? issues.assignees(o.assignee(), o.assignees()) : List.of(),
                    false,
                    Optional.of(new PullInfo(head, base, false, Optional.empty()))));
    return ApiResponse.created(json(a, pull));
  }

  /** A branch of this repository, given as {@code branch} or {@code owner:branch}. */
  private static String branchOf(Repo repo, String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.unprocessable("[" + field + "]: Required");
    }
    String branch = value;
    int colon = value.indexOf(':');
    if (colon >= 0) {
      if (!value.substring(0, colon).equalsIgnoreCase(repo.owner().login())) {
        throw ApiException.notFound();
      }
      branch = value.substring(colon + 1);
    }
    if (!Names.isValidBranch(branch)) {
      throw ApiException.unprocessable("[" + field + "]: invalid branch name");
    }
    return branch;
  }

  private ApiResponse list(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    Paging paging = Paging.of(r);
    Page<Issue> page =
        ctx.store()
            .issues()
            .list(
                a.repo(),
                new IssueQuery(
                    IssueResource.stateParam(r),
                    IssueQuery.Kind.PULLS,
                    List.of(),
                    paging.page(),
                    paging.limit()));
    return paging.respond(
        ctx.baseUrl(), r, page.items().stream().map(p -> json(a, p)).toList(), page.total());
  }

  private ApiResponse get(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    Issue pull =
        ctx.store()
            .issues()
            .get(a.repo(), r.longParam("index"))
            .filter(i -> i.pull().isPresent())
            .orElseThrow(ApiException::notFound);
    return ApiResponse.ok(json(a, pull));
  }

  record MergePullRequestOption(
      @com.fasterxml.jackson.annotation.JsonProperty("Do") String action,
      @com.fasterxml.jackson.annotation.JsonProperty("MergeMessageField") String message) {}

  /**
   * Gitea's merge: 200 with no body when merged; 405 when the pull request is closed, already
   * merged or cannot be merged cleanly. Only {@code Do: merge} (a merge commit) is offered here.
   */
  private ApiResponse merge(ApiRequest r) {
    Account caller = r.requireUser();
    ApiContext.RepoAccess a = ctx.writableRepo(r);
    long number = r.longParam("index");
    Issue pull =
        ctx.store()
            .issues()
            .get(a.repo(), number)
            .filter(i -> i.pull().isPresent())
            .orElseThrow(ApiException::notFound);
    MergePullRequestOption o = r.body(MergePullRequestOption.class);
    if (o.action() == null || o.action().isBlank()) {
      throw ApiException.unprocessable("[Do]: Required");
    }
    if (!o.action().equals("merge")) {
      throw new ApiException(405, "merge style '" + o.action() + "' is not allowed here");
    }
    PullInfo p = pull.pull().orElseThrow();
    if (p.merged()) {
      throw new ApiException(405, "PR already merged");
    }
    if (pull.closed()) {
      throw new ApiException(405, "PR is closed");
    }
    String message =
        o.message() != null && !o.message().isBlank()
            ? o.message()
            : "Merge pull request '" + pull.title() + "' (#" + number + ")";
    org.eclipse.jgit.lib.PersonIdent who =
        new org.eclipse.jgit.lib.PersonIdent(caller.login(), caller.email());
    boolean merged =
        ctx.store()
            .repos()
            .changeRefs(
                () ->
                    ctx.git().merge(a.repo(), p.headRef(), p.baseRef(), who, message).isPresent()
                        && ctx.store().reviews().markMerged(a.repo(), number));
    if (!merged) {
      throw new ApiException(405, "Please try again later");
    }
    return new ApiResponse(200, Optional.empty(), java.util.Map.of());
  }

  /** 204 when merged, 404 when not, as Gitea. */
  private ApiResponse isMerged(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    boolean merged =
        ctx.store()
            .issues()
            .get(a.repo(), r.longParam("index"))
            .flatMap(Issue::pull)
            .map(PullInfo::merged)
            .orElse(false);
    if (!merged) {
      throw ApiException.notFound();
    }
    return ApiResponse.noContent();
  }

  private GiteaJson.PullJson json(ApiContext.RepoAccess a, Issue pull) {
    PullInfo p = pull.pull().orElseThrow();
    Repo repo = a.repo();
    return ctx.json()
        .pull(
            repo,
            pull,
            ctx.repositoryJson(repo, a.permission()),
            ctx.git().branchSha(repo, p.headRef()).orElse(""),
            ctx.git().branchSha(repo, p.baseRef()).orElse(""));
  }
}
