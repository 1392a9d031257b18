package io.bzzz.tracker.local.api;

import io.bzzz.tracker.local.store.Label;
import io.bzzz.tracker.local.store.Page;
import java.util.Locale;
import java.util.regex.Pattern;

/** Repository labels: list, create, get. */
final class LabelResource {
  private static final Pattern COLOR = Pattern.compile("#?[0-9a-fA-F]{6}");

  private final ApiContext ctx;

  LabelResource(ApiContext ctx) {
    this.ctx = ctx;
  }

  void register(Router router) {
    router
        .add("GET", "/repos/{owner}/{repo}/labels", this::list)
        .add("POST", "/repos/{owner}/{repo}/labels", this::create)
        .add("GET", "/repos/{owner}/{repo}/labels/{id}", this::get);
  }

  private ApiResponse list(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    Paging paging = Paging.of(r);
    Page<Label> page = ctx.store().labels().list(a.repo(), paging.page(), paging.limit());
    return paging.respond(
        ctx.baseUrl(), r, ctx.json().labels(a.repo(), page.items()), page.total());
  }

  record CreateLabelOption(String name, String color, String description, Boolean exclusive) {}

  /** Gitea takes the color with or without '#' and answers it without. */
  private ApiResponse create(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.writableRepo(r);
    CreateLabelOption o = r.body(CreateLabelOption.class);
    if (o.name() == null || o.name().isBlank()) {
      throw ApiException.unprocessable("[Name]: Required");
    }
    if (o.color() == null || !COLOR.matcher(o.color()).matches()) {
      throw ApiException.unprocessable("[Color]: must be a hex color such as #00aabb");
    }
    String color = o.color().replace("#", "").toLowerCase(Locale.ROOT);
    Label label =
        ctx.store()
            .labels()
            .create(
                a.repo(),
                o.name().strip(),
                color,
                o.description() == null ? "" : o.description(),
                Boolean.TRUE.equals(o.exclusive()));
    return ApiResponse.created(ctx.json().label(a.repo(), label));
  }

  private ApiResponse get(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    Label label =
        ctx.store().labels().byId(a.repo(), r.longParam("id")).orElseThrow(ApiException::notFound);
    return ApiResponse.ok(ctx.json().label(a.repo(), label));
  }
}
