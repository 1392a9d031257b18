package io.bzzz.tracker.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.tracker.local.store.IssueStore.LabelChange;
import io.bzzz.tracker.local.store.Label;
import java.util.ArrayList;
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

  /**
   * The {@code labels} of an {@code IssueLabelsOption}: ids, or names (Gitea accepts both). An
   * unknown name is a 422 like an unknown id.
   */
  private List<Long> ids(ApiRequest r) {
    JsonNode labels = r.body(JsonNode.class).get("labels");
    if (labels == null || !labels.isArray()) {
      throw ApiException.unprocessable("[Labels]: Required");
    }
    ApiContext.RepoAccess a = ctx.repo(r);
    List<Long> ids = new ArrayList<>();
    for (JsonNode l : labels) {
      if (l.isIntegralNumber()) {
        ids.add(l.asLong());
      } else if (l.isTextual()) {
        List<Label> named = ctx.store().labels().byNames(a.repo(), List.of(l.asText()));
        if (named.isEmpty()) {
          throw ApiException.unprocessable("label does not exist [name: " + l.asText() + "]");
        }
        named.forEach(n -> ids.add(n.id()));
      } else {
        throw ApiException.unprocessable("[Labels]: label ids or names expected");
      }
    }
    return ids;
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
    ctx.store()
        .issues()
        .get(a.repo(), r.longParam("index"))
        .ifPresent(
            issue ->
                ctx.issueChanged(
                    a.repo(),
                    issue,
                    after.isEmpty() ? "label_cleared" : "label_updated",
                    IssueHooks.ISSUE_LABEL,
                    r.requireUser()));
    return status == 204
        ? ApiResponse.noContent()
        : ApiResponse.ok(ctx.json().labels(a.repo(), after));
  }
}
