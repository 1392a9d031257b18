package io.bzzz.tracker.github;

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
import io.bzzz.tracker.http.ApiResponse;
import io.bzzz.tracker.http.Connection;
import io.bzzz.tracker.http.ForgeJson;
import io.bzzz.tracker.http.Lazy;
import io.bzzz.tracker.http.Paths;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * GitHub REST v3 (and GitHub Enterprise at {@code https://host/api/v3}). The claim lock is {@code
 * POST /git/refs}, which answers 422 "Reference already exists"; assignment is only a courtesy
 * because adding assignees never fails.
 */
public final class GitHubTracker implements Tracker, ClaimRefs, ClaimFollowUp {
  private static final int PAGE = 100;
  private static final Duration HEAD_TTL = Duration.ofMinutes(1);

  private final ApiClient api;
  private final RepoRef repo;
  private final String root;
  private final RandomGenerator random;
  private final ClaimProtocol claims;
  private final Lazy<String> login;
  private final Lazy<RepoInfo> info;
  private final InstantSource clock;
  private final AtomicReference<HeadSha> head = new AtomicReference<>();

  private GitHubTracker(Connection connection) {
    this.api =
        connection.open(
            connection.url(),
            ApiClient.AuthScheme.BEARER,
            Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"));
    this.repo = connection.repo();
    this.root = "/repos/" + repo.owner() + "/" + repo.name();
    this.random = connection.random();
    this.clock = connection.clock();
    this.claims = new ClaimProtocol(this, this);
    this.login = new Lazy<>(() -> ForgeJson.text(api.call(ApiRequest.get("/user")), "login"));
    this.info = new Lazy<>(this::fetchRepoInfo);
  }

  public static GitHubTracker connect(Connection connection) {
    return new GitHubTracker(connection);
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
    String target =
        root
            + "/issues?state="
            + query.state().name().toLowerCase(java.util.Locale.ROOT)
            + (labels.isEmpty() ? "" : "&labels=" + Paths.encode(labels))
            + "&sort=created&direction=asc&per_page="
            + PAGE;
    List<Task> out = new ArrayList<>();
    Optional<String> next = Optional.of(target);
    while (next.isPresent() && out.size() < query.limit()) {
      ApiResponse page = api.send(ApiRequest.get(next.get()));
      for (JsonNode issue : ForgeJson.elements(page.body(), "issues")) {
        // The issues endpoint lists pull requests too; they are never tasks.
        if (ForgeJson.isPullRequest(issue)) {
          continue;
        }
        Task task = ForgeJson.task(api.base().toString(), repo, issue);
        if (query.accepts(task) && out.size() < query.limit()) {
          out.add(task);
        }
      }
      next = page.nextLink();
    }
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
    ArrayNode labels = body.putArray("labels");
    task.labels().forEach(labels::add);
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
    String sha = headSha();
    ObjectNode body = api.nodes().objectNode().put("ref", "refs/heads/" + name).put("sha", sha);
    try {
      api.call(ApiRequest.write("POST", root + "/git/refs", body));
      return true;
    } catch (TrackerException.Conflict e) {
      return false;
    }
  }

  /**
   * The default branch head that claim branches start from, reused for a minute: a claim branch a
   * few commits behind is harmless, and a sweep over many tasks saves a call per claim.
   */
  private String headSha() {
    Instant now = clock.instant();
    HeadSha known = head.get();
    if (known != null && Duration.between(known.fetched(), now).compareTo(HEAD_TTL) < 0) {
      return known.sha();
    }
    String base = repoInfo().defaultBranch();
    JsonNode ref = api.call(ApiRequest.get(root + "/git/ref/heads/" + base));
    String sha = ForgeJson.text(ref.path("object"), "sha");
    head.set(new HeadSha(sha, now));
    return sha;
  }

  private record HeadSha(String sha, Instant fetched) {}

  @Override
  public boolean branchExists(String name) {
    try {
      // The singular git/ref endpoint matches exactly; git/matching-refs would match prefixes.
      api.call(ApiRequest.get(root + "/git/ref/heads/" + name));
      return true;
    } catch (TrackerException.NotFound e) {
      return false;
    }
  }

  @Override
  public void ensureLabels() {
    Set<String> present = new HashSet<>();
    Optional<String> next = Optional.of(root + "/labels?per_page=" + PAGE);
    while (next.isPresent()) {
      ApiResponse page = api.send(ApiRequest.get(next.get()));
      for (JsonNode label : ForgeJson.elements(page.body(), "labels")) {
        present.add(ForgeJson.text(label, "name").toLowerCase(java.util.Locale.ROOT));
      }
      next = page.nextLink();
    }
    for (BzzzLabels.LabelSpec spec : BzzzLabels.ALL) {
      if (!present.contains(spec.name().toLowerCase(java.util.Locale.ROOT))) {
        ObjectNode body =
            api.nodes().objectNode().put("name", spec.name()).put("color", spec.color());
        try {
          api.call(ApiRequest.write("POST", root + "/labels", body));
        } catch (TrackerException.Conflict e) {
          // created meanwhile by another agent
        }
      }
    }
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
    List<Comment> out = new ArrayList<>();
    Optional<String> next = Optional.of(root + "/issues/" + number + "/comments?per_page=" + PAGE);
    while (next.isPresent()) {
      ApiResponse page = api.send(ApiRequest.get(next.get()));
      ForgeJson.elements(page.body(), "comments").forEach(c -> out.add(ForgeJson.comment(c)));
      next = page.nextLink();
    }
    return out;
  }

  @Override
  public void relabel(int number, List<String> add, List<String> remove) {
    if (!add.isEmpty()) {
      ObjectNode body = api.nodes().objectNode();
      ArrayNode labels = body.putArray("labels");
      add.forEach(labels::add);
      api.call(ApiRequest.write("POST", root + "/issues/" + number + "/labels", body));
    }
    for (String label : remove) {
      try {
        api.call(ApiRequest.delete(root + "/issues/" + number + "/labels/" + Paths.encode(label)));
      } catch (TrackerException.NotFound e) {
        // not on the issue: already the state we want
      }
    }
  }

  @Override
  public boolean assignSelf(int number) {
    ObjectNode body = api.nodes().objectNode();
    body.putArray("assignees").add(login.get());
    api.call(ApiRequest.write("POST", root + "/issues/" + number + "/assignees", body));
    return true;
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
    } catch (TrackerException.Conflict | TrackerException.InvalidInput e) {
      // 422 "A pull request already exists for owner:head": return that one.
      String head = Paths.encode(repo.owner() + ":" + request.head());
      List<JsonNode> open =
          ForgeJson.elements(
              api.call(ApiRequest.get(root + "/pulls?state=open&head=" + head)), "pulls");
      return open.stream()
          .map(ForgeJson::pullRequest)
          .filter(p -> p.head().equals(request.head()))
          .findFirst()
          .orElseThrow(() -> e);
    }
  }

  @Override
  public void closeIssue(int number) {
    ObjectNode body = api.nodes().objectNode().put("state", "closed");
    api.call(ApiRequest.write("PATCH", root + "/issues/" + number, body));
  }

  /** The API root this tracker talks to. */
  public URI apiBase() {
    return api.base();
  }

  @Override
  public void close() {
    api.close();
  }
}
