package io.bzzz.tracker.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.tracker.fake.ForgeModel.Issue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gitea API v1 as documented (swagger of 1.2x), for one repository, where it differs from GitHub:
 * {@code Authorization: token}, {@code limit} capped at 50, labels by id (unknown ids ignored),
 * issue edits answer 201, branch creation 409 when the branch exists, pull creation 409 for a head
 * that already has an open pull request, comments listed whole, errors as {@code {"message",
 * "url"}}. The pull request conversation is in {@link GiteaReviews}.
 */
public final class FakeGitea extends FakeForge {
  private static final String SWAGGER = "http://gitea.example/api/swagger";

  public FakeGitea(ForgeModel model, String token) {
    super(model, token, "");
    String repo = "/api/v1/repos/" + model.owner + "/" + model.repo;
    route("GET", "/api/v1/version", c -> Reply.json(200, Map.of("version", "1.22.3")));
    route("GET", "/api/v1/user", c -> Reply.json(200, Map.of("login", model.user, "id", 1)));
    route(
        "GET",
        "/api/v1/repos/([^/]+)/([^/]+)",
        c -> repoOr404(c, () -> Reply.json(200, repoJson())));
    route("GET", "/api/v1/repos/([^/]+)/([^/]+)/issues", c -> repoOr404(c, () -> listIssues(c)));
    route("POST", "/api/v1/repos/([^/]+)/([^/]+)/issues", c -> repoOr404(c, () -> createIssue(c)));
    String issue = repo + "/issues/(\\d+)";
    route("GET", issue, c -> withIssue(c, i -> Reply.json(200, issueJson(i))));
    route("PATCH", issue, c -> withIssue(c, i -> editIssue(i, c.body())));
    route(
        "GET",
        issue + "/comments",
        c ->
            withIssue(
                c,
                i ->
                    Reply.json(
                        200,
                        model.locked(
                            () -> i.comments.stream().map(FakeForge::commentJson).toList()))));
    routeCommentPosting(issue);
    route("POST", issue + "/labels", c -> withIssue(c, i -> addLabels(i, c.body())));
    route(
        "DELETE",
        issue + "/labels/(\\d+)",
        c -> withIssue(c, i -> removeLabel(i, Long.parseLong(c.group(2)))));
    route("GET", repo + "/labels", c -> page(labelsJson(), c, "limit", 50, 50));
    route("POST", repo + "/labels", this::createLabel);
    route("POST", repo + "/branches", this::createBranch);
    route(
        "GET",
        repo + "/branches/(.+)",
        c ->
            model
                .branch(c.group(1))
                .map(
                    sha -> Reply.json(200, Map.of("name", c.group(1), "commit", Map.of("id", sha))))
                .orElseGet(
                    () ->
                        Reply.json(
                            404, error("branch does not exist [name: " + c.group(1) + "]"))));
    route("POST", repo + "/pulls", this::createPull);
    route("GET", repo + "/pulls", this::listPulls);
    new GiteaReviews(this, repo).register();
    start();
  }

  @Override
  protected boolean authorized(String authorization) {
    return authorization.equals("token " + token) || authorization.equals("Bearer " + token);
  }

  @Override
  protected Reply unauthorized() {
    return Reply.json(401, error("user does not exist [uid: 0, name: ]"));
  }

  @Override
  protected Reply notFound() {
    return Reply.json(404, Map.of("errors", List.of(), "message", "not found", "url", SWAGGER));
  }

  @Override
  protected Reply missingField(String field) {
    return validation(field, "Required");
  }

  static Map<String, Object> error(String message) {
    return Map.of("message", message, "url", SWAGGER);
  }

  Reply validation(String field, String what) {
    return Reply.json(422, Map.of("message", "[" + field + "]: " + what, "url", SWAGGER));
  }

  private Reply listIssues(Call c) {
    String type = c.query("type", "");
    List<Object> out = new ArrayList<>();
    // Gitea lists newest first.
    List<Issue> all = new ArrayList<>(model.issues());
    java.util.Collections.reverse(all);
    for (Issue i : all) {
      boolean typeOk =
          type.isEmpty() || (type.equals("issues") ? i.pull.isEmpty() : i.pull.isPresent());
      if (typeOk && matchesStateAndLabels(i, c)) {
        out.add(issueJson(i));
      }
    }
    return page(out, c, "limit", 30, 50);
  }

  private Reply createIssue(Call c) {
    JsonNode b = c.body();
    if (!b.path("title").isTextual() || b.get("title").asText().isBlank()) {
      return validation("Title", "Required");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode id : b.path("labels")) {
      model.labelById(id.asLong()).ifPresent(l -> names.add(l.name()));
    }
    return Reply.json(
        201, issueJson(model.addIssue(b.get("title").asText(), b.path("body").asText(""), names)));
  }

  private Reply editIssue(Issue i, JsonNode b) {
    model.update(
        () -> {
          editStateAndTitle(i, b);
          if (b.has("assignees")) {
            i.assignees.clear();
            b.get("assignees").forEach(a -> i.assignees.add(a.asText()));
          }
        });
    return Reply.json(201, issueJson(i));
  }

  private Reply addLabels(Issue i, JsonNode b) {
    model.update(
        () -> {
          // Unknown ids are dropped without an error, as Gitea does.
          b.path("labels")
              .forEach(id -> model.labelById(id.asLong()).ifPresent(l -> i.labels.add(l.name())));
        });
    return Reply.json(200, labelList(i));
  }

  private Reply removeLabel(Issue i, long id) {
    Optional<ForgeModel.Label> label = model.labelById(id);
    if (label.isEmpty()) {
      return Reply.json(422, error("label does not exist [id: " + id + "]"));
    }
    model.locked(() -> i.labels.remove(label.get().name()));
    return new Reply(204, Map.of(), null);
  }

  private Reply createLabel(Call c) {
    String name = c.body().path("name").asText("");
    String color = c.body().path("color").asText("");
    if (name.isEmpty() || !color.matches("#?[0-9a-fA-F]{6}")) {
      return validation("Color", "invalid color");
    }
    // Gitea does not refuse a duplicate name; the model keeps one label per name.
    return Reply.json(201, labelJson(model.label(name)));
  }

  private Reply createBranch(Call c) {
    String name = c.body().path("new_branch_name").asText("");
    String from = c.body().path("old_branch_name").asText(model.defaultBranch);
    if (name.isEmpty()) {
      return validation("NewBranchName", "Required");
    }
    if (model.branch(from).isEmpty()) {
      return Reply.json(404, error("The old branch does not exist"));
    }
    if (!model.createBranch(name)) {
      return Reply.json(409, error("The branch already exists."));
    }
    return Reply.json(
        201, Map.of("name", name, "commit", Map.of("id", model.branch(name).orElseThrow())));
  }

  private Reply createPull(Call c) {
    String head = c.body().path("head").asText("");
    String base = c.body().path("base").asText("");
    if (model.branch(head).isEmpty() || model.branch(base).isEmpty()) {
      return Reply.json(404, error("GetBranch"));
    }
    Optional<Issue> existing = openPull(head);
    if (existing.isPresent()) {
      return Reply.json(
          409,
          error(
              "pull request already exists for these targets [id: "
                  + existing.get().number
                  + ", issue_id: "
                  + existing.get().number
                  + ", head_repo_id: 1, base_repo_id: 1, head_branch: "
                  + head
                  + ", base_branch: "
                  + base
                  + "]"));
    }
    Issue pr =
        model.addPull(
            head, base, c.body().path("title").asText(), c.body().path("body").asText(""));
    return Reply.json(201, pullJson(pr));
  }

  private Reply listPulls(Call c) {
    List<Object> out = new ArrayList<>();
    for (Issue i : model.issues()) {
      if (i.pull.isPresent()
          && (c.query("state", "open").equals("all") || i.state.equals(c.query("state", "open")))) {
        out.add(pullJson(i));
      }
    }
    return page(out, c, "limit", 30, 50);
  }

  private Map<String, Object> issueJson(Issue i) {
    return model.locked(
        () -> {
          Map<String, Object> m = issueFields(i);
          m.put("id", 10_000 + i.number);
          m.put(
              "assignees",
              i.assignees.isEmpty()
                  ? null
                  : i.assignees.stream().map(a -> Map.of("login", a)).toList());
          m.put(
              "html_url",
              "http://gitea.example/" + model.owner + "/" + model.repo + "/issues/" + i.number);
          Map<String, Object> pr = new HashMap<>();
          pr.put("merged", false);
          m.put("pull_request", i.pull.isPresent() ? pr : null);
          return m;
        });
  }

  Map<String, Object> pullJson(Issue i) {
    Map<String, Object> m = pullFields(i);
    m.put(
        "head",
        Map.of(
            "ref",
            i.pull.orElseThrow().head(),
            "label",
            i.pull.get().head(),
            "sha",
            model.branch(i.pull.get().head()).orElse("")));
    m.put("merged", model.locked(() -> i.merged));
    m.put("base", Map.of("ref", i.pull.get().base(), "label", i.pull.get().base()));
    m.put(
        "html_url",
        "http://gitea.example/" + model.owner + "/" + model.repo + "/pulls/" + i.number);
    return m;
  }
}
