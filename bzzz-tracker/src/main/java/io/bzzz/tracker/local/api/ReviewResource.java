package io.bzzz.tracker.local.api;

import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Issue;
import io.bzzz.tracker.local.store.ReviewStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Pull request reviews as Gitea serves them: {@code GET/POST /repos/{o}/{r}/pulls/{index}/reviews},
 * {@code GET .../reviews/{id}} and {@code GET .../reviews/{id}/comments}. A review's event is
 * {@code APPROVED}, {@code REQUEST_CHANGES} or {@code COMMENT} (empty means {@code PENDING}, which
 * this tracker does not keep); approving or rejecting one's own pull request is refused (422), and
 * a comment-only review needs a body or a line comment.
 */
final class ReviewResource {
  private static final String PATH = "/repos/{owner}/{repo}/pulls/{index}/reviews";
  private static final Set<String> EVENTS = Set.of("APPROVED", "REQUEST_CHANGES", "COMMENT");

  private final ApiContext ctx;

  ReviewResource(ApiContext ctx) {
    this.ctx = ctx;
  }

  void register(Router router) {
    router
        .add("GET", PATH, this::list)
        .add("POST", PATH, this::create)
        .add("GET", PATH + "/{id}", this::get)
        .add("GET", PATH + "/{id}/comments", this::comments);
  }

  record PullReviewJson(
      long id,
      GiteaJson.User user,
      Object team,
      String state,
      String body,
      String commitId,
      boolean stale,
      boolean official,
      boolean dismissed,
      int commentsCount,
      String submittedAt,
      String updatedAt,
      String htmlUrl,
      String pullRequestUrl) {}

  record PullReviewCommentJson(
      long id,
      String body,
      GiteaJson.User user,
      Object resolver,
      long pullRequestReviewId,
      String createdAt,
      String updatedAt,
      String path,
      String commitId,
      String originalCommitId,
      String diffHunk,
      int position,
      int originalPosition,
      String htmlUrl,
      String pullRequestUrl,
      List<String> bzzzEditedBy) {}

  record CreatePullReviewComment(
      String path, String body, Integer oldPosition, Integer newPosition) {}

  record CreatePullReviewOptions(
      String body, String commitId, String event, List<CreatePullReviewComment> comments) {}

  private ApiResponse list(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    List<ReviewStore.Review> reviews =
        ctx.store()
            .reviews()
            .list(a.repo(), r.longParam("index"))
            .orElseThrow(ApiException::notFound);
    return ApiResponse.ok(reviews.stream().map(v -> json(a, v)).toList());
  }

  private ApiResponse get(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    return ApiResponse.ok(
        json(
            a,
            ctx.store()
                .reviews()
                .get(a.repo(), r.longParam("index"), r.longParam("id"))
                .orElseThrow(ApiException::notFound)));
  }

  private ApiResponse comments(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    long number = r.longParam("index");
    ReviewStore.Review review =
        ctx.store()
            .reviews()
            .get(a.repo(), number, r.longParam("id"))
            .orElseThrow(ApiException::notFound);
    String pullUrl = pullUrl(a, number);
    return ApiResponse.ok(
        ctx.store().reviews().lineComments(a.repo(), number, review.id()).stream()
            .map(
                l ->
                    new PullReviewCommentJson(
                        l.comment().id(),
                        l.comment().body(),
                        ctx.json().user(l.comment().poster()),
                        null,
                        review.id(),
                        GiteaJson.time(l.comment().created()),
                        GiteaJson.time(l.comment().updated()),
                        l.path(),
                        review.commitId(),
                        review.commitId(),
                        "",
                        l.line(),
                        0,
                        pullUrl + "/files#issuecomment-" + l.comment().id(),
                        pullUrl,
                        l.comment().editors().stream().map(Account::login).toList()))
            .toList());
  }

  private ApiResponse create(ApiRequest r) {
    Account reviewer = r.requireUser();
    ApiContext.RepoAccess a = ctx.repo(r);
    long number = r.longParam("index");
    Issue pull =
        ctx.store()
            .issues()
            .get(a.repo(), number)
            .filter(i -> i.pull().isPresent())
            .orElseThrow(ApiException::notFound);
    CreatePullReviewOptions o = r.body(CreatePullReviewOptions.class);
    String event = o.event() == null ? "" : o.event();
    if (!EVENTS.contains(event)) {
      throw ApiException.unprocessable(
          "review event must be APPROVED, REQUEST_CHANGES or COMMENT, got '" + event + "'");
    }
    if (pull.closed()) {
      throw ApiException.unprocessable("pull request is closed");
    }
    if (!event.equals("COMMENT") && pull.poster().id() == reviewer.id()) {
      throw ApiException.unprocessable("reject your own pull is not allowed");
    }
    List<ReviewStore.NewLine> lines = new ArrayList<>();
    for (CreatePullReviewComment c :
        o.comments() == null ? List.<CreatePullReviewComment>of() : o.comments()) {
      if (c == null
          || c.path() == null
          || c.path().isBlank()
          || c.body() == null
          || c.body().isBlank()) {
        throw ApiException.unprocessable("[Comments]: a line comment needs a path and a body");
      }
      int line = c.newPosition() != null ? c.newPosition() : 0;
      if (line < 0) {
        throw ApiException.unprocessable("[Comments]: new_position must not be negative");
      }
      lines.add(new ReviewStore.NewLine(c.path(), line, c.body()));
    }
    String body = o.body() == null ? "" : o.body();
    if (event.equals("COMMENT") && body.isBlank() && lines.isEmpty()) {
      throw ApiException.unprocessable("review event COMMENT requires a body or a comment");
    }
    String head = pull.pull().orElseThrow().headRef();
    String commit =
        o.commitId() != null && !o.commitId().isBlank()
            ? o.commitId()
            : ctx.git().branchSha(a.repo(), head).orElse("");
    ReviewStore.Review review =
        ctx.store()
            .reviews()
            .create(a.repo(), number, reviewer, event, body, commit, lines)
            .orElseThrow(ApiException::notFound);
    ctx.reviewed(a.repo(), pull, review, reviewer);
    return ApiResponse.ok(json(a, review));
  }

  private PullReviewJson json(ApiContext.RepoAccess a, ReviewStore.Review v) {
    String pullUrl = pullUrl(a, v.issueNumber());
    return new PullReviewJson(
        v.id(),
        ctx.json().user(v.reviewer()),
        null,
        v.state(),
        v.body(),
        v.commitId(),
        false,
        false,
        false,
        v.comments(),
        GiteaJson.time(v.submitted()),
        GiteaJson.time(v.submitted()),
        pullUrl + "#issuecomment-" + v.id(),
        pullUrl);
  }

  private String pullUrl(ApiContext.RepoAccess a, long number) {
    return ctx.baseUrl() + "/" + a.repo().fullName() + "/pulls/" + number;
  }
}
