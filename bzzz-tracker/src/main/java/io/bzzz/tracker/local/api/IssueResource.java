package io.bzzz.tracker.local.api;

import io.bzzz.tracker.local.names.Names;
import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Issue;
import io.bzzz.tracker.local.store.IssueEdit;
import io.bzzz.tracker.local.store.IssueQuery;
import io.bzzz.tracker.local.store.NewIssue;
import io.bzzz.tracker.local.store.Page;
import io.bzzz.tracker.local.store.Permission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Issues: list, create, get, edit (which is also how an issue is closed or assigned). */
final class IssueResource {
  private static final int MAX_TITLE = 255;

  private final ApiContext ctx;

  IssueResource(ApiContext ctx) {
    this.ctx = ctx;
  }

  void register(Router router) {
    router
        .add("GET", "/repos/{owner}/{repo}/issues", this::list)
        .add("POST", "/repos/{owner}/{repo}/issues", this::create)
        .add("GET", "/repos/{owner}/{repo}/issues/{index}", this::get)
        .add("PATCH", "/repos/{owner}/{repo}/issues/{index}", this::edit);
  }

  /** Gitea reads {@code state} as open unless it says closed or all, and newest comes first. */
  private ApiResponse list(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    Paging paging = Paging.of(r);
    IssueQuery.State state = stateParam(r);
    IssueQuery.Kind kind =
        switch (r.query("type").orElse("")) {
          case "issues" -> IssueQuery.Kind.ISSUES;
          case "pulls" -> IssueQuery.Kind.PULLS;
          default -> IssueQuery.Kind.ALL;
        };
    List<String> labels =
        r.query("labels").stream()
            .flatMap(v -> Arrays.stream(v.split(",")))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    Page<Issue> page =
        ctx.store()
            .issues()
            .list(a.repo(), new IssueQuery(state, kind, labels, paging.page(), paging.limit()));
    return paging.respond(
        ctx.baseUrl(),
        r,
        page.items().stream().map(i -> ctx.json().issue(a.repo(), i)).toList(),
        page.total());
  }

  /** The {@code state} parameter of a list: open unless it says closed or all. */
  static IssueQuery.State stateParam(ApiRequest r) {
    return switch (r.query("state").orElse("open")) {
      case "closed" -> IssueQuery.State.CLOSED;
      case "all" -> IssueQuery.State.ALL;
      default -> IssueQuery.State.OPEN;
    };
  }

  record CreateIssueOption(
      String title,
      String body,
      String assignee,
      List<String> assignees,
      List<Long> labels,
      Boolean closed) {}

  /**
   * Anyone who can read may open an issue; as in Gitea, labels and assignees are only applied when
   * the poster may write to the repository.
   */
  private ApiResponse create(ApiRequest r) {
    Account poster = r.requireUser();
    ApiContext.RepoAccess a = ctx.repo(r);
    CreateIssueOption o = r.body(CreateIssueOption.class);
    String title = requireTitle(o.title());
    boolean writer = a.permission().atLeast(Permission.WRITE);
    List<Long> labels = writer && o.labels() != null ? o.labels() : List.of();
    List<Account> assignees = writer ? assignees(o.assignee(), o.assignees()) : List.of();
    Issue issue =
        ctx.store()
            .issues()
            .create(
                a.repo(),
                new NewIssue(
                    poster,
                    title,
                    o.body() == null ? "" : o.body(),
                    labels,
                    assignees,
                    Boolean.TRUE.equals(o.closed()),
                    Optional.empty()));
    ctx.issueChanged(a.repo(), issue, "opened", IssueHooks.ISSUES, poster);
    return ApiResponse.created(ctx.json().issue(a.repo(), issue));
  }

  static String requireTitle(String title) {
    if (title == null || title.isBlank()) {
      throw ApiException.unprocessable("[Title]: Required");
    }
    if (title.length() > MAX_TITLE) {
      throw ApiException.unprocessable("[Title]: MaxSize");
    }
    return title.strip();
  }

  private ApiResponse get(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    Issue issue =
        ctx.store()
            .issues()
            .get(a.repo(), r.longParam("index"))
            .orElseThrow(ApiException::notFound);
    return ApiResponse.ok(ctx.json().issue(a.repo(), issue));
  }

  record EditIssueOption(
      String title, String body, String state, String assignee, List<String> assignees) {}

  /** The poster or a writer may edit; only a writer may change assignees. Gitea answers 201. */
  private ApiResponse edit(ApiRequest r) {
    Account caller = r.requireUser();
    ApiContext.RepoAccess a = ctx.repo(r);
    long number = r.longParam("index");
    Issue current = ctx.store().issues().get(a.repo(), number).orElseThrow(ApiException::notFound);
    boolean writer = a.permission().atLeast(Permission.WRITE);
    if (!writer && current.poster().id() != caller.id()) {
      throw ApiException.forbidden("user should be the poster or have write permission");
    }
    EditIssueOption o = r.body(EditIssueOption.class);
    Optional<Boolean> closed =
        Optional.ofNullable(o.state())
            .map(
                s ->
                    switch (s) {
                      case "open" -> false;
                      case "closed" -> true;
                      default -> throw ApiException.unprocessable("[State]: open or closed");
                    });
    Optional<List<Account>> assignees = Optional.empty();
    if (writer && (o.assignees() != null || o.assignee() != null)) {
      assignees = Optional.of(assignees(o.assignee(), o.assignees()));
    }
    Issue issue =
        ctx.store()
            .issues()
            .edit(
                a.repo(),
                number,
                new IssueEdit(
                    caller,
                    Optional.ofNullable(o.title()).map(IssueResource::requireTitle),
                    Optional.ofNullable(o.body()),
                    closed,
                    assignees))
            .orElseThrow(ApiException::notFound);
    if (issue.closed() != current.closed()) {
      String action = issue.closed() ? "closed" : "reopened";
      ctx.issueChanged(a.repo(), issue, action, IssueHooks.ISSUES, caller);
    }
    if (!issue.title().equals(current.title()) || !issue.body().equals(current.body())) {
      ctx.issueChanged(a.repo(), issue, "edited", IssueHooks.ISSUES, caller);
    }
    return ApiResponse.created(ctx.json().issue(a.repo(), issue));
  }

  /**
   * The users named by Gitea's {@code assignee} and {@code assignees} options, either of which may
   * be absent; 422 for a name that is no user, as Gitea does.
   */
  List<Account> assignees(String assignee, List<String> assignees) {
    List<String> logins = new ArrayList<>();
    if (assignee != null && !assignee.isBlank()) {
      logins.add(assignee);
    }
    if (assignees != null) {
      logins.addAll(assignees);
    }
    List<Account> out = new ArrayList<>();
    for (String login : logins.stream().distinct().toList()) {
      Optional<Account> user =
          Names.isValidUser(login) ? ctx.accounts().byLogin(login) : Optional.empty();
      out.add(
          user.orElseThrow(
              () -> ApiException.unprocessable("user does not exist [name: " + login + "]")));
    }
    return out;
  }
}
