package io.bzzz.tracker.local.api;

import io.bzzz.tracker.local.store.ReviewStore;
import java.util.List;
import java.util.Set;

/**
 * Reactions to a comment (conversation or line comment), as Gitea: {@code GET/POST
 * /repos/{o}/{r}/issues/comments/{id}/reactions} with {@code {"content":"eyes"}}; 201 when made,
 * 200 when the caller had already reacted so, 403 for a reaction outside Gitea's default set.
 */
final class ReactionResource {
  private static final String PATH = "/repos/{owner}/{repo}/issues/comments/{id}/reactions";

  /** Gitea's default {@code [ui] REACTIONS}. */
  private static final Set<String> ALLOWED =
      Set.of("+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes");

  private final ApiContext ctx;

  ReactionResource(ApiContext ctx) {
    this.ctx = ctx;
  }

  void register(Router router) {
    router.add("GET", PATH, this::list).add("POST", PATH, this::create);
  }

  record ReactionJson(GiteaJson.User user, String content, String createdAt) {}

  record EditReactionOption(String content) {}

  private ApiResponse list(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    List<ReviewStore.Reaction> all =
        ctx.store()
            .reviews()
            .reactions(a.repo(), r.longParam("id"))
            .orElseThrow(ApiException::notFound);
    return ApiResponse.ok(all.stream().map(this::json).toList());
  }

  private ApiResponse create(ApiRequest r) {
    var user = r.requireUser();
    ApiContext.RepoAccess a = ctx.repo(r);
    EditReactionOption o = r.body(EditReactionOption.class);
    String content = o.content() == null ? "" : o.content();
    if (!ALLOWED.contains(content)) {
      throw ApiException.forbidden("'" + content + "' is not an allowed reaction");
    }
    ReviewStore.Reacted done =
        ctx.store()
            .reviews()
            .react(a.repo(), r.longParam("id"), user, content)
            .orElseThrow(ApiException::notFound);
    ReactionJson json = json(done.reaction());
    return done.created() ? ApiResponse.created(json) : ApiResponse.ok(json);
  }

  private ReactionJson json(ReviewStore.Reaction x) {
    return new ReactionJson(ctx.json().user(x.user()), x.content(), GiteaJson.time(x.created()));
  }
}
