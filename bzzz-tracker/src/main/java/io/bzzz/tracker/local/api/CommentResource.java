package io.bzzz.tracker.local.api;

import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Comment;
import io.bzzz.tracker.local.store.Permission;
import java.util.List;

/** Comments of an issue or pull request: list (oldest first), create, edit. */
final class CommentResource {
  private static final String PATH = "/repos/{owner}/{repo}/issues/{index}/comments";

  private final ApiContext ctx;

  CommentResource(ApiContext ctx) {
    this.ctx = ctx;
  }

  void register(Router router) {
    router
        .add("GET", PATH, this::list)
        .add("POST", PATH, this::create)
        .add("PATCH", "/repos/{owner}/{repo}/issues/comments/{id}", this::edit);
  }

  private ApiResponse list(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    List<Comment> comments =
        ctx.store()
            .comments()
            .list(a.repo(), r.longParam("index"))
            .orElseThrow(ApiException::notFound);
    return ApiResponse.ok(comments.stream().map(c -> ctx.json().comment(a.repo(), c)).toList());
  }

  record CreateIssueCommentOption(String body) {}

  private ApiResponse create(ApiRequest r) {
    Account poster = r.requireUser();
    ApiContext.RepoAccess a = ctx.repo(r);
    CreateIssueCommentOption o = r.body(CreateIssueCommentOption.class);
    if (o.body() == null || o.body().isBlank()) {
      throw ApiException.unprocessable("[Body]: Required");
    }
    Comment c =
        ctx.store()
            .comments()
            .create(a.repo(), r.longParam("index"), poster, o.body())
            .orElseThrow(ApiException::notFound);
    ctx.commented(a.repo(), c, poster);
    return ApiResponse.created(ctx.json().comment(a.repo(), c));
  }

  record EditIssueCommentOption(String body) {}

  /** As in Gitea: the poster or a writer may edit; the editor is recorded when the text changes. */
  private ApiResponse edit(ApiRequest r) {
    Account caller = r.requireUser();
    ApiContext.RepoAccess a = ctx.repo(r);
    long id = r.longParam("id");
    Comment current = ctx.store().comments().get(a.repo(), id).orElseThrow(ApiException::notFound);
    if (!a.permission().atLeast(Permission.WRITE) && current.poster().id() != caller.id()) {
      throw ApiException.forbidden("user should be the poster or have write permission");
    }
    EditIssueCommentOption o = r.body(EditIssueCommentOption.class);
    if (o.body() == null || o.body().isBlank()) {
      throw ApiException.unprocessable("[Body]: Required");
    }
    Comment c =
        ctx.store()
            .comments()
            .edit(a.repo(), id, caller, o.body())
            .orElseThrow(ApiException::notFound);
    return ApiResponse.ok(ctx.json().comment(a.repo(), c));
  }
}
