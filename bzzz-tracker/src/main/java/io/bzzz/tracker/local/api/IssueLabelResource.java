package io.bzzz.tracker.local.api;

import io.bzzz.tracker.local.store.IssueStore.LabelChange;
import io.bzzz.tracker.local.store.Label;
import java.util.List;

/** The labels of one issue: list, add, replace, remove one, clear. */
final class IssueLabelResource {
  private static final String PATH = "/repos/{owner}/{repo}/issues/{index}/labels";

  private final ApiContext ctx;

  IssueLabelResource(ApiContext ctx) {
    this.ctx = ctx;
  }

  void register(Router router) {
    router
        .add("GET", PATH, this::list)
        .add("POST", PATH, r -> change(r, LabelChange.ADD, ids(r), 200))
        .add("PUT", PATH, r -> change(r, LabelChange.REPLACE, ids(r), 200))
        .add("DELETE", PATH, r -> change(r, LabelChange.REPLACE, List.of(), 204))
        .add(
            "DELETE",
            PATH + "/{id}",
            r -> change(r, LabelChange.REMOVE, List.of(r.longParam("id")), 204));
  }

  private ApiResponse list(ApiRequest r) {
    ApiContext.RepoAccess a = ctx.repo(r);
    List<Label> labels =
        ctx.store()
            .issues()
            .get(a.repo(), r.longParam("index"))
            .orElseThrow(ApiException::notFound)
            .labels();
    return ApiResponse.ok(ctx.json().labels(a.repo(), labels));
  }

  record IssueLabelsOption(List<Long> labels) {}

  private static List<Long> ids(ApiRequest r) {
    IssueLabelsOption o = r.body(IssueLabelsOption.class);
    if (o.labels() == null) {
      throw ApiException.unprocessable("[Labels]: Required");
    }
    if (o.labels().stream().anyMatch(id -> id == null)) {
      throw ApiException.unprocessable("[Labels]: label ids must be numbers");
    }
    return o.labels();
  }

  /**
   * Removing a label the issue lacks is fine; removing one the repository lacks is a 422 like an
   * unknown id anywhere else.
   */
  private ApiResponse change(ApiRequest r, LabelChange change, List<Long> ids, int status) {
    ApiContext.RepoAccess a = ctx.writableRepo(r);
    List<Label> after =
        ctx.store()
            .issues()
            .changeLabels(a.repo(), r.longParam("index"), change, ids)
            .orElseThrow(ApiException::notFound);
    return status == 204
        ? ApiResponse.noContent()
        : ApiResponse.ok(ctx.json().labels(a.repo(), after));
  }
}
