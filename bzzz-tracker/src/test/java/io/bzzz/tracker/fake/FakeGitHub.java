package io.bzzz.tracker.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.tracker.fake.ForgeModel.Issue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GitHub REST v3 as documented, for one repository: adding assignees never fails, {@code POST
 * /git/refs} answers 422 "Reference already exists", lists carry ETags (304 on a match) and {@code
 * Link} pagination, the issues list contains pull requests, and errors are {@code {"message",
 * "documentation_url"}} bodies with 401, 403, 404 and 422.
 */
public final class FakeGitHub extends FakeForge {
  private static final String DOCS = "https://docs.github.com/rest";
  private final AtomicInteger remaining = new AtomicInteger(5000);

  public FakeGitHub(ForgeModel model, String token) {
    this(model, token, "");
  }

  /** GitHub Enterprise Server mounts the same API under {@code /api/v3}. */
  public FakeGitHub(ForgeModel model, String token, String prefix) {
    super(model, token, prefix);
    String repo = "/repos/" + model.owner + "/" + model.repo;
    route("GET", "/user", c -> Reply.json(200, Map.of("login", model.user)));
    route("GET", "/repos/([^/]+)/([^/]+)", c -> repoOr404(c, () -> Reply.json(200, repoJson())));
    route("GET", "/repos/([^/]+)/([^/]+)/issues", c -> repoOr404(c, () -> listIssues(c)));
    route("POST", "/repos/([^/]+)/([^/]+)/issues", c -> repoOr404(c, () -> createIssue(c)));
    String issue = repo + "/issues/(\\d+)";
    route("GET", issue, c -> withIssue(c, i -> Reply.json(200, issueJson(i))));
    route("PATCH", issue, c -> withIssue(c, i -> editIssue(i, c.body())));
    route("GET", issue + "/comments", c -> withIssue(c, i -> listComments(i, c)));
    routeCommentPosting(issue);
    route("POST", issue + "/labels", c -> withIssue(c, i -> addLabels(i, c)));
    route("DELETE", issue + "/labels/([^/]+)", c -> withIssue(c, i -> removeLabel(i, c.group(2))));
    route(
        "POST",
        issue + "/assignees",
        c ->
            withIssue(
                c,
                i -> {
                  // Documented: never fails, even when someone is already assigned.
                  model.update(
                      () -> c.body().path("assignees").forEach(a -> i.assignees.add(a.asText())));
                  return Reply.json(201, issueJson(i));
                }));
    route("GET", repo + "/labels", c -> page(labelsJson(), c, "per_page", 30, 100));
    route("POST", repo + "/labels", this::createLabel);
    route("GET", repo + "/git/ref/heads/(.+)", c -> getRef(c.group(1)));
    route("POST", repo + "/git/refs", this::createRef);
    route("POST", repo + "/pulls", this::createPull);
    route("GET", repo + "/pulls", this::listPulls);
    new GitHubReviews(this, repo).register();
    start();
  }

  @Override
  protected boolean authorized(String authorization) {
    return authorization.equals("Bearer " + token) || authorization.equals("token " + token);
  }

  @Override
  protected Reply unauthorized() {
    return Reply.json(401, Map.of("message", "Bad credentials", "documentation_url", DOCS));
  }

  @Override
  protected Reply notFound() {
    return Reply.json(404, Map.of("message", "Not Found", "documentation_url", DOCS));
  }

  @Override
  protected Reply missingField(String field) {
    return validationFailed(field, "missing_field");
  }

  @Override
  protected Map<String, String> commonHeaders() {
    return Map.of(
        "x-ratelimit-limit", "5000",
        "x-ratelimit-remaining", "" + remaining.decrementAndGet(),
        "x-ratelimit-reset", "" + (System.currentTimeMillis() / 1000 + 3600));
  }

  /** What GitHub answers when the primary limit is spent. */
  public static Reply primaryLimit(long resetEpochSecond) {
    return Reply.json(
            403,
            Map.of("message", "API rate limit exceeded for user ID 1.", "documentation_url", DOCS))
        .with("x-ratelimit-remaining", "0")
        .with("x-ratelimit-reset", "" + resetEpochSecond);
  }

  /** A secondary rate limit without retry-after. */
  public static Reply secondaryLimit() {
    return Reply.json(
        403,
        Map.of(
            "message",
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try"
                + " again.",
            "documentation_url",
            DOCS));
  }

  private Reply listIssues(Call c) {
    List<Object> out = new ArrayList<>();
    for (Issue i : model.issues()) {
      if (matchesStateAndLabels(i, c)) {
        out.add(issueJson(i));
      }
    }
    Reply reply = page(out, c, "per_page", 30, 100);
    return reply.with("ETag", etag(reply.body()));
  }

  private Reply createIssue(Call c) {
    JsonNode b = c.body();
    if (!b.path("title").isTextual() || b.get("title").asText().isBlank()) {
      return validationFailed("title", "missing_field");
    }
    List<String> labels = new ArrayList<>();
    b.path("labels").forEach(l -> labels.add(l.asText()));
    Issue issue = model.addIssue(b.get("title").asText(), b.path("body").asText(""), labels);
    return Reply.json(201, issueJson(issue));
  }

  private Reply editIssue(Issue i, JsonNode b) {
    model.update(() -> editStateAndTitle(i, b));
    return Reply.json(200, issueJson(i));
  }

  private Reply listComments(Issue i, Call c) {
    List<Object> out = new ArrayList<>();
    model.locked(() -> i.comments.stream().map(FakeForge::commentJson).toList()).forEach(out::add);
    return page(out, c, "per_page", 30, 100);
  }

  private Reply addLabels(Issue i, Call c) {
    JsonNode labels = c.body().path("labels");
    if (!labels.isArray()) {
      return validationFailed("labels", "invalid");
    }
    model.update(() -> labels.forEach(l -> i.labels.add(model.label(l.asText()).name())));
    return Reply.json(200, labelList(i));
  }

  private Reply removeLabel(Issue i, String name) {
    boolean removed = model.locked(() -> i.labels.removeIf(l -> l.equalsIgnoreCase(name)));
    return removed
        ? Reply.json(200, labelList(i))
        : Reply.json(404, Map.of("message", "Label does not exist", "documentation_url", DOCS));
  }

  private Reply createLabel(Call c) {
    String name = c.body().path("name").asText("");
    if (name.isEmpty()) {
      return validationFailed("name", "missing_field");
    }
    if (model.findLabel(name).isPresent()) {
      return validationFailed("name", "already_exists");
    }
    ForgeModel.Label label = model.label(name);
    return Reply.json(201, labelJson(label));
  }

  private Reply getRef(String name) {
    return model
        .branch(name)
        .map(
            sha ->
                Reply.json(
                    200,
                    Map.of(
                        "ref",
                        "refs/heads/" + name,
                        "object",
                        Map.of("sha", sha, "type", "commit"))))
        .orElseGet(this::notFound);
  }

  private Reply createRef(Call c) {
    String ref = c.body().path("ref").asText("");
    String sha = c.body().path("sha").asText("");
    if (!ref.startsWith("refs/") || ref.chars().filter(ch -> ch == '/').count() < 2) {
      return Reply.json(
          422,
          Map.of(
              "message",
              "Reference name must start with 'refs/' and have at least two slashes.",
              "documentation_url",
              DOCS));
    }
    if (!sha.matches("[0-9a-f]{40}")) {
      return Reply.json(422, Map.of("message", "Object does not exist", "documentation_url", DOCS));
    }
    String name = ref.substring("refs/heads/".length());
    if (!model.createBranch(name)) {
      return Reply.json(
          422, Map.of("message", "Reference already exists", "documentation_url", DOCS));
    }
    return Reply.json(201, Map.of("ref", ref, "object", Map.of("sha", sha, "type", "commit")));
  }

  private Reply createPull(Call c) {
    String head = c.body().path("head").asText("");
    String base = c.body().path("base").asText("");
    if (model.branch(head).isEmpty()) {
      return validationFailed("head", "invalid");
    }
    Optional<Issue> existing = openPull(head);
    if (existing.isPresent()) {
      return Reply.json(
          422,
          Map.of(
              "message",
              "Validation Failed",
              "errors",
              List.of(
                  Map.of(
                      "resource",
                      "PullRequest",
                      "code",
                      "custom",
                      "message",
                      "A pull request already exists for " + model.owner + ":" + head + ".")),
              "documentation_url",
              DOCS));
    }
    Issue pr =
        model.addPull(
            head, base, c.body().path("title").asText(), c.body().path("body").asText(""));
    return Reply.json(201, pullJson(pr));
  }

  private Reply listPulls(Call c) {
    String head = c.query("head", "");
    List<Object> out = new ArrayList<>();
    for (Issue i : model.issues()) {
      if (i.pull.isEmpty() || !i.state.equals(c.query("state", "open"))) {
        continue;
      }
      if (!head.isEmpty() && !head.equals(model.owner + ":" + i.pull.get().head())) {
        continue;
      }
      out.add(pullJson(i));
    }
    return page(out, c, "per_page", 30, 100);
  }

  Reply validationFailed(String field, String code) {
    return Reply.json(
        422,
        Map.of(
            "message",
            "Validation Failed",
            "errors",
            List.of(Map.of("resource", "Issue", "field", field, "code", code)),
            "documentation_url",
            DOCS));
  }

  Map<String, Object> issueJson(Issue i) {
    return model.locked(
        () -> {
          Map<String, Object> m = issueFields(i);
          m.put("assignees", i.assignees.stream().map(a -> Map.of("login", a)).toList());
          m.put(
              "html_url",
              "https://github.example/" + model.owner + "/" + model.repo + "/issues/" + i.number);
          if (i.pull.isPresent()) {
            m.put("pull_request", Map.of("url", "https://api.github.example/pulls/" + i.number));
          }
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
            model.owner + ":" + i.pull.get().head(),
            "sha",
            model.branch(i.pull.get().head()).orElse("")));
    m.put("merged", model.locked(() -> i.merged));
    m.put("base", Map.of("ref", i.pull.get().base()));
    m.put(
        "html_url",
        "https://github.example/" + model.owner + "/" + model.repo + "/pull/" + i.number);
    return m;
  }

  private static String etag(Object body) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(body));
      return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
