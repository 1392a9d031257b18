package io.bzzz.tracker.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.NewPullRequest;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.OwnerLiveness;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.RepoInfo;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskQuery;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.claim.ClaimFollowUp;
import io.bzzz.tracker.claim.ClaimProtocol;
import io.bzzz.tracker.claim.ClaimRefs;
import io.bzzz.tracker.claim.CommentMarker;
import io.bzzz.tracker.http.ApiClient;
import io.bzzz.tracker.http.ApiRequest;
import io.bzzz.tracker.http.Connection;
import io.bzzz.tracker.http.ForgeJson;
import io.bzzz.tracker.http.Lazy;
import io.bzzz.tracker.http.Paths;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Gitea API v1, and the local tracker, which speaks the same subset. What differs from GitHub:
 * {@code Authorization: token}, pages of at most 50, labels set by id, branch creation answers 409
 * when the branch exists (the claim lock), issue edits answer 201, and pull request creation
 * answers 409 for a head that already has an open one.
 */
public final class GiteaTracker implements Tracker, ClaimRefs, ClaimFollowUp {
  /** Gitea's default MAX_RESPONSE_ITEMS; larger limits are cut to it silently. */
  static final int PAGE = 50;

  private final ApiClient api;
  private final RepoRef repo;
  private final String root;
  private final RandomGenerator random;
  private final ClaimProtocol claims;
  private final Lazy<String> login;
  private final Lazy<RepoInfo> info;
  private final GiteaLabels labels;

  private GiteaTracker(Connection connection) {
    this.api = connection.open(apiRoot(connection.url()), ApiClient.AuthScheme.TOKEN, Map.of());
    this.repo = connection.repo();
    this.root = "/repos/" + repo.owner() + "/" + repo.name();
    this.random = connection.random();
    this.claims = new ClaimProtocol(this, this);
    this.login = new Lazy<>(() -> ForgeJson.text(api.call(ApiRequest.get("/user")), "login"));
    this.info = new Lazy<>(this::fetchRepoInfo);
    this.labels = new GiteaLabels(api, root, repo);
  }

  public static GiteaTracker connect(Connection connection) {
    return new GiteaTracker(connection);
  }

  /** {@code http://host:3000} and {@code http://host:3000/api/v1} both mean the API root. */
  static URI apiRoot(URI url) {
    String text = url.toString().replaceAll("/+$", "");
    return URI.create(text.endsWith("/api/v1") ? text : text + "/api/v1");
  }

  @Override
  public RepoRef repo() {
    return repo;
  }

  @Override
  public String login() {
    return login.get();
  }

  @Override
  public RepoInfo repoInfo() {
    return info.get();
  }

  private RepoInfo fetchRepoInfo() {
    JsonNode node = api.call(ApiRequest.get(root));
    return new RepoInfo(
        repo, ForgeJson.text(node, "default_branch"), ForgeJson.text(node, "clone_url"));
  }

  @Override
  public List<Task> listTasks(TaskQuery query) {
    String labels = String.join(",", query.withLabels());
    String base =
        root
            + "/issues?type=issues&state="
            + query.state().name().toLowerCase(Locale.ROOT)
            + (labels.isEmpty() ? "" : "&labels=" + Paths.encode(labels))
            + "&limit="
            + PAGE
            + "&page=";
    List<Task> out = new ArrayList<>();
    for (int page = 1; out.size() < query.limit(); page++) {
      List<JsonNode> issues = ForgeJson.elements(api.call(ApiRequest.get(base + page)), "issues");
      for (JsonNode issue : issues) {
        // type=issues already excludes pull requests; filtering again costs nothing.
        if (ForgeJson.isPullRequest(issue)) {
          continue;
        }
        Task task = ForgeJson.task(api.base().toString(), repo, issue);
        if (query.accepts(task) && out.size() < query.limit()) {
          out.add(task);
        }
      }
      if (issues.size() < PAGE) {
        break;
      }
    }
    out.sort(java.util.Comparator.comparingInt(Task::number));
    return out;
  }

  @Override
  public Task task(int number) {
    JsonNode issue = api.call(ApiRequest.get(root + "/issues/" + number));
    if (ForgeJson.isPullRequest(issue)) {
      throw new TrackerException.NotFound(repo + "#" + number + " is a pull request, not a task");
    }
    return ForgeJson.task(api.base().toString(), repo, issue);
  }

  @Override
  public Task createTask(NewTask task) {
    ObjectNode body = api.nodes().objectNode();
    body.put("title", task.title()).put("body", task.body());
    ArrayNode ids = body.putArray("labels");
    task.labels().forEach(name -> ids.add(labels.id(name)));
    return ForgeJson.task(
        api.base().toString(), repo, api.call(ApiRequest.write("POST", root + "/issues", body)));
  }

  @Override
  public ClaimResult claim(int number, AgentIdentity me) {
    return claims.claim(number, me);
  }

  @Override
  public Optional<Claim> currentClaim(int number) {
    return claims.current(number);
  }

  @Override
  public ClaimResult reclaim(int number, AgentIdentity me, OwnerLiveness liveness) {
    return claims.reclaim(number, me, liveness);
  }

  @Override
  public void check(Claim mine) {
    claims.check(mine);
  }

  @Override
  public boolean createBranch(String name) {
    ObjectNode body =
        api.nodes()
            .objectNode()
            .put("new_branch_name", name)
            .put("old_branch_name", repoInfo().defaultBranch());
    try {
      api.call(ApiRequest.write("POST", root + "/branches", body));
      return true;
    } catch (TrackerException.Conflict e) {
      return false;
    }
  }

  @Override
  public boolean branchExists(String name) {
    try {
      // Gitea routes /branches/* so a name with slashes is one branch, not a longer path.
      api.call(ApiRequest.get(root + "/branches/" + name));
      return true;
    } catch (TrackerException.NotFound e) {
      return false;
    }
  }

  @Override
  public void ensureLabels() {
    labels.ensure(BzzzLabels.ALL);
  }

  @Override
  public Comment comment(int number, String text) {
    CommentMarker marker = CommentMarker.fresh(random);
    ObjectNode body = api.nodes().objectNode().put("body", marker.appendTo(text));
    ApiRequest post =
        ApiRequest.write("POST", root + "/issues/" + number + "/comments", body)
            .withProbe(() -> marker.findIn(comments(number)).map(this::commentJson));
    return ForgeJson.comment(api.call(post));
  }

  private JsonNode commentJson(Comment c) {
    ObjectNode node = api.nodes().objectNode().put("id", c.id()).put("body", c.body());
    node.putObject("user").put("login", c.author());
    return node;
  }

  @Override
  public List<Comment> comments(int number) {
    // Gitea answers this endpoint whole (no paging parameters).
    List<Comment> out = new ArrayList<>();
    ForgeJson.elements(
            api.call(ApiRequest.get(root + "/issues/" + number + "/comments")), "comments")
        .forEach(c -> out.add(ForgeJson.comment(c)));
    return out;
  }

  @Override
  public void relabel(int number, List<String> add, List<String> remove) {
    if (!add.isEmpty()) {
      ObjectNode body = api.nodes().objectNode();
      ArrayNode ids = body.putArray("labels");
      add.forEach(name -> ids.add(labels.id(name)));
      JsonNode now =
          api.call(ApiRequest.write("POST", root + "/issues/" + number + "/labels", body));
      // Some Gitea versions drop unknown ids silently: check that every label is on the issue.
      List<String> names = new ArrayList<>();
      for (JsonNode label : ForgeJson.elements(now, "labels")) {
        names.add(GiteaLabels.key(ForgeJson.text(label, "name")));
      }
      for (String name : add) {
        if (!names.contains(GiteaLabels.key(name))) {
          throw new TrackerException.InvalidInput(
              repo + "#" + number + ": label '" + name + "' was not applied");
        }
      }
    }
    for (String name : remove) {
      Optional<Long> id = labels.known(name);
      if (id.isEmpty()) {
        continue;
      }
      try {
        api.call(ApiRequest.delete(root + "/issues/" + number + "/labels/" + id.get()));
      } catch (TrackerException.NotFound | TrackerException.InvalidInput e) {
        // not on the issue: already the state we want
      }
    }
  }

  @Override
  public boolean assignSelf(int number) {
    ObjectNode body = api.nodes().objectNode();
    body.putArray("assignees").add(login.get());
    try {
      api.call(ApiRequest.write("PATCH", root + "/issues/" + number, body));
      return true;
    } catch (TrackerException.InvalidInput | TrackerException.Unauthorized e) {
      // Gitea refuses assignees who are not collaborators: assignment is only a courtesy.
      return false;
    }
  }

  @Override
  public PullRequest openPullRequest(NewPullRequest request) {
    ObjectNode body =
        api.nodes()
            .objectNode()
            .put("title", request.title())
            .put("head", request.head())
            .put("base", request.base())
            .put("body", request.body());
    try {
      return ForgeJson.pullRequest(api.call(ApiRequest.write("POST", root + "/pulls", body)));
    } catch (TrackerException.Conflict e) {
      return openPullFor(request.head()).orElseThrow(() -> e);
    }
  }

  private Optional<PullRequest> openPullFor(String head) {
    for (int page = 1; ; page++) {
      List<JsonNode> pulls =
          ForgeJson.elements(
              api.call(ApiRequest.get(root + "/pulls?state=open&limit=" + PAGE + "&page=" + page)),
              "pulls");
      for (JsonNode pull : pulls) {
        PullRequest pr = ForgeJson.pullRequest(pull);
        if (pr.head().equals(head)) {
          return Optional.of(pr);
        }
      }
      if (pulls.size() < PAGE) {
        return Optional.empty();
      }
    }
  }

  @Override
  public void closeIssue(int number) {
    ObjectNode body = api.nodes().objectNode().put("state", "closed");
    api.call(ApiRequest.write("PATCH", root + "/issues/" + number, body));
  }

  @Override
  public void close() {
    api.close();
  }
}
