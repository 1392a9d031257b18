package io.bzzz.tracker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.tracker.AgentIdentity;
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
import io.bzzz.tracker.claim.RoundClaim;
import io.bzzz.tracker.review.CommentKind;
import io.bzzz.tracker.review.NewReviewComment;
import io.bzzz.tracker.review.Permission;
import io.bzzz.tracker.review.PullReviews;
import io.bzzz.tracker.review.PullStatus;
import io.bzzz.tracker.review.Review;
import io.bzzz.tracker.review.ReviewComment;
import io.bzzz.tracker.review.ReviewState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What the GitHub and Gitea adapters share: Gitea copied GitHub's repository, issue, comment and
 * pull request endpoints, so reading and filing issues, commenting, closing and the claim protocol
 * are the same calls on both. A subclass supplies only what differs: the claim lock (branch
 * creation), how labels are named in requests and removed, paging and ordering, assignment, and how
 * a pull request that already exists is reported and found.
 */
public abstract class ForgeTracker implements Tracker, ClaimRefs, ClaimFollowUp, PullReviews {
  protected final ApiClient api;
  protected final RepoRef repo;

  /** {@code /repos/owner/name}: every repository endpoint is under it. */
  protected final String root;

  protected final Pages pages;
  private final RandomGenerator random;
  private final Lazy<String> login;
  private final Lazy<RepoInfo> info;

  /** Takes ownership of {@code api}: {@link #close()} closes it. */
  protected ForgeTracker(TrackerEndpoint connection, ApiClient api, Pages pages) {
    this.api = api;
    this.repo = connection.repo();
    this.root = "/repos/" + repo.owner() + "/" + repo.name();
    this.pages = pages;
    this.random = connection.random();
    this.login = new Lazy<>(() -> ForgeJson.text(api.call(ApiCall.get("/user")), "login"));
    this.info = new Lazy<>(this::fetchRepoInfo);
  }

  /**
   * The issues endpoint for {@code filter} ({@code state=…} and, when asked, {@code &labels=…}),
   * with whatever this forge needs to leave out pull requests or list oldest first.
   */
  protected abstract String issuesTarget(String filter);

  /** Puts {@code names} into a request's {@code labels} array, as this forge identifies labels. */
  protected abstract void putLabels(ArrayNode labels, List<String> names);

  /** True when a failed pull request creation means one is already open for that head. */
  protected abstract boolean meansPullAlreadyOpen(TrackerException e);

  /** The open pull request whose head is {@code head}, if any. */
  protected abstract Optional<PullRequest> openPullFor(String head);

  /** Every line comment of pull request {@code number}, oldest first. */
  @Override
  public abstract List<ReviewComment> reviewComments(int number);

  /** The endpoint that takes reactions to a comment of {@code kind}. */
  protected abstract String reactionsTarget(CommentKind kind, long commentId);

  /** This forge's word for a review verdict when submitting one. */
  protected abstract String reviewEvent(ReviewState event);

  /** One line comment of a review being submitted, in this forge's shape. */
  protected abstract void putReviewComment(ObjectNode into, NewReviewComment comment);

  /** The merge call: GitHub {@code PUT .../merge}, Gitea {@code POST .../merge}. */
  protected abstract ApiCall mergeCall(int number);

  /** Puts {@code listed} in the contract's order, oldest first, where the forge did not. */
  protected List<Task> oldestFirst(List<Task> listed) {
    return listed;
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
    JsonNode node = api.call(ApiCall.get(root));
    return new RepoInfo(
        repo, ForgeJson.text(node, "default_branch"), ForgeJson.text(node, "clone_url"));
  }

  @Override
  public List<Task> listTasks(TaskQuery query) {
    String labels = String.join(",", query.withLabels());
    String filter =
        "state="
            + query.state().name().toLowerCase(Locale.ROOT)
            + (labels.isEmpty() ? "" : "&labels=" + Paths.encode(labels));
    List<Task> out = new ArrayList<>();
    pages.each(
        issuesTarget(filter),
        "issues",
        issues -> {
          for (JsonNode issue : issues) {
            // The issues endpoint may list pull requests too; they are never tasks.
            if (ForgeJson.isPullRequest(issue)) {
              continue;
            }
            Task task = ForgeJson.task(api.base().toString(), repo, issue);
            if (query.accepts(task) && out.size() < query.limit()) {
              out.add(task);
            }
          }
          return out.size() < query.limit();
        });
    return oldestFirst(out);
  }

  @Override
  public Task task(int number) {
    JsonNode issue = api.call(ApiCall.get(root + "/issues/" + number));
    if (ForgeJson.isPullRequest(issue)) {
      throw new TrackerException.NotFound(repo + "#" + number + " is a pull request, not a task");
    }
    return ForgeJson.task(api.base().toString(), repo, issue);
  }

  @Override
  public Task createTask(NewTask task) {
    ObjectNode body = api.nodes().objectNode();
    body.put("title", task.title()).put("body", task.body());
    putLabels(body.putArray("labels"), task.labels());
    return ForgeJson.task(
        api.base().toString(), repo, api.call(ApiCall.write("POST", root + "/issues", body)));
  }

  /** Adds {@code names} to the issue; the answer is the issue's labels afterwards. */
  protected final JsonNode addLabels(int number, List<String> names) {
    ObjectNode body = api.nodes().objectNode();
    putLabels(body.putArray("labels"), names);
    return api.call(ApiCall.write("POST", root + "/issues/" + number + "/labels", body));
  }

  /** Sends a creation; false when the forge answers that the thing already exists (409, 422). */
  protected final boolean created(ApiCall request) {
    try {
      api.call(request);
      return true;
    } catch (TrackerException.Conflict e) {
      return false;
    }
  }

  /** True when {@code target} answers, false on 404. */
  protected final boolean exists(String target) {
    try {
      api.call(ApiCall.get(target));
      return true;
    } catch (TrackerException.NotFound e) {
      return false;
    }
  }

  /**
   * The claim protocol over this tracker's branches and issues. It holds no state, so one per call
   * costs nothing and keeps {@code this} from escaping the constructor before a subclass is built.
   */
  private ClaimProtocol claims() {
    return new ClaimProtocol(this, this);
  }

  @Override
  public ClaimResult claim(int number, AgentIdentity me) {
    return claims().claim(number, me);
  }

  @Override
  public Optional<Claim> currentClaim(int number) {
    return claims().current(number);
  }

  @Override
  public ClaimResult reclaim(int number, AgentIdentity me, OwnerLiveness liveness) {
    return claims().reclaim(number, me, liveness);
  }

  @Override
  public void check(Claim mine) {
    claims().check(mine);
  }

  @Override
  public Comment comment(int number, String text) {
    CommentMarker marker = CommentMarker.fresh(random);
    ObjectNode body = api.nodes().objectNode().put("body", marker.appendTo(text));
    ApiCall post =
        ApiCall.write("POST", root + "/issues/" + number + "/comments", body)
            .withProbe(() -> marker.findIn(comments(number)).map(this::commentJson));
    return ForgeJson.comment(api.call(post));
  }

  private JsonNode commentJson(Comment c) {
    ObjectNode node = api.nodes().objectNode().put("id", c.id()).put("body", c.body());
    node.putObject("user").put("login", c.author());
    return node;
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
      return ForgeJson.pullRequest(api.call(ApiCall.write("POST", root + "/pulls", body)));
    } catch (TrackerException e) {
      if (!meansPullAlreadyOpen(e)) {
        throw e;
      }
      return openPullFor(request.head()).orElseThrow(() -> e);
    }
  }

  @Override
  public boolean createRef(String name) {
    return createBranch(name);
  }

  @Override
  public boolean refExists(String name) {
    return branchExists(name);
  }

  @Override
  public Comment editComment(long id, String text) {
    ObjectNode body = api.nodes().objectNode().put("body", text);
    // the same path on GitHub and Gitea: comments are addressed by id under the repository
    return ForgeJson.comment(
        api.call(ApiCall.write("PATCH", root + "/issues/comments/" + id, body)));
  }

  @Override
  public void closeIssue(int number) {
    ObjectNode body = api.nodes().objectNode().put("state", "closed");
    api.call(ApiCall.write("PATCH", root + "/issues/" + number, body));
  }

  @Override
  public List<PullRequest> openPullRequests() {
    List<PullRequest> out = new ArrayList<>();
    pages.each(
        root + "/pulls?state=open",
        "pulls",
        pulls -> {
          pulls.forEach(p -> out.add(ForgeJson.pullRequest(p)));
          return true;
        });
    return out;
  }

  @Override
  public PullStatus pullStatus(int number) {
    JsonNode node = api.call(ApiCall.get(root + "/pulls/" + number));
    return new PullStatus(
        ForgeJson.pullRequest(node),
        node.path("merged").asBoolean(false),
        node.path("head").path("sha").asText(""));
  }

  @Override
  public List<Review> reviews(int number) {
    List<Review> out = new ArrayList<>();
    pages.each(
        root + "/pulls/" + number + "/reviews",
        "reviews",
        reviews -> {
          reviews.forEach(r -> out.add(ForgeJson.review(r)));
          return true;
        });
    return out;
  }

  @Override
  public Permission permission(String login) {
    try {
      JsonNode node =
          api.call(ApiCall.get(root + "/collaborators/" + Paths.encode(login) + "/permission"));
      return Permission.parse(node.path("permission").asText(""));
    } catch (TrackerException.NotFound e) {
      return Permission.NONE; // no such user, or not visible to us: no write access either way
    }
  }

  @Override
  public void react(CommentKind kind, long commentId, String content) {
    ObjectNode body = api.nodes().objectNode().put("content", content);
    // 200 when the reaction already exists, 201 when made: both are the state we want.
    api.call(ApiCall.write("POST", reactionsTarget(kind, commentId), body));
  }

  @Override
  public Review submitReview(
      int number, ReviewState event, String text, List<NewReviewComment> comments) {
    ObjectNode body = api.nodes().objectNode().put("body", text).put("event", reviewEvent(event));
    ArrayNode lines = body.putArray("comments");
    comments.forEach(c -> putReviewComment(lines.addObject(), c));
    return ForgeJson.review(
        api.call(ApiCall.write("POST", root + "/pulls/" + number + "/reviews", body)));
  }

  @Override
  public ClaimResult claimRound(
      int task, int pull, int seenAttempt, AgentIdentity me, String note) {
    return new RoundClaim(this, this).claim(task, pull, seenAttempt, me, note);
  }

  @Override
  public void merge(int number) {
    api.call(mergeCall(number));
  }

  @Override
  public void close() {
    api.close();
  }
}
