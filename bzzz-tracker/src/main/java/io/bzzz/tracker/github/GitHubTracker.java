package io.bzzz.tracker.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.claim.CommentMarker;
import io.bzzz.tracker.http.ApiCall;
import io.bzzz.tracker.http.ApiClient;
import io.bzzz.tracker.http.ForgeJson;
import io.bzzz.tracker.http.ForgeTracker;
import io.bzzz.tracker.http.Pages;
import io.bzzz.tracker.http.Paths;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.review.CommentKind;
import io.bzzz.tracker.review.NewReviewComment;
import io.bzzz.tracker.review.ReviewComment;
import io.bzzz.tracker.review.ReviewState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * GitHub REST v3 (and GitHub Enterprise at {@code https://host/api/v3}). The claim lock is {@code
 * POST /git/refs}, which answers 422 "Reference already exists"; assignment is only a courtesy
 * because adding assignees never fails.
 */
public final class GitHubTracker extends ForgeTracker {
  private static final int PAGE = 100;
  private static final Duration HEAD_TTL = Duration.ofMinutes(1);

  private final InstantSource clock;
  private final AtomicReference<HeadSha> head = new AtomicReference<>();

  private GitHubTracker(TrackerEndpoint connection, ApiClient api) {
    super(connection, api, new Pages.Linked(api, PAGE));
    this.clock = connection.clock();
  }

  public static GitHubTracker connect(TrackerEndpoint connection) {
    ApiClient api =
        connection.open(
            connection.url(),
            ApiClient.AuthScheme.BEARER,
            Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"));
    return new GitHubTracker(connection, api);
  }

  @Override
  protected String issuesTarget(String filter) {
    // The issues endpoint lists pull requests too; the shared listing drops them.
    return root + "/issues?" + filter + "&sort=created&direction=asc";
  }

  @Override
  protected void putLabels(ArrayNode labels, List<String> names) {
    names.forEach(labels::add);
  }

  @Override
  public boolean createBranch(String name) {
    String sha = headSha();
    ObjectNode body = api.nodes().objectNode().put("ref", "refs/heads/" + name).put("sha", sha);
    return created(ApiCall.write("POST", root + "/git/refs", body));
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
    JsonNode ref = api.call(ApiCall.get(root + "/git/ref/heads/" + base));
    String sha = ForgeJson.text(ref.path("object"), "sha");
    head.set(new HeadSha(sha, now));
    return sha;
  }

  private record HeadSha(String sha, Instant fetched) {}

  @Override
  public boolean branchExists(String name) {
    // The singular git/ref endpoint matches exactly; git/matching-refs would match prefixes.
    return exists(root + "/git/ref/heads/" + name);
  }

  @Override
  public void deleteRef(String name) {
    try {
      api.call(ApiCall.delete(root + "/git/refs/heads/" + name));
    } catch (TrackerException.NotFound | TrackerException.InvalidInput e) {
      // GitHub answers 422 "Reference does not exist" (or 404): already the state we want
    }
  }

  @Override
  public void ensureLabel(String name, String color) {
    ObjectNode body = api.nodes().objectNode().put("name", name).put("color", color);
    // 422 "already_exists" when it is there: either way the label exists afterwards
    try {
      created(ApiCall.write("POST", root + "/labels", body));
    } catch (TrackerException.InvalidInput e) {
      // the label exists (GitHub reports a duplicate name as a validation failure)
    }
  }

  @Override
  public void ensureLabels() {
    Set<String> present = new HashSet<>();
    pages.each(
        root + "/labels",
        "labels",
        labels -> {
          labels.forEach(l -> present.add(ForgeJson.text(l, "name").toLowerCase(Locale.ROOT)));
          return true;
        });
    for (BzzzLabels.LabelSpec spec : BzzzLabels.ALL) {
      if (!present.contains(spec.name().toLowerCase(Locale.ROOT))) {
        ObjectNode body =
            api.nodes().objectNode().put("name", spec.name()).put("color", spec.color());
        // Not created when another agent did it meanwhile: either way the label exists now.
        created(ApiCall.write("POST", root + "/labels", body));
      }
    }
  }

  @Override
  public List<Comment> comments(int number) {
    List<Comment> out = new ArrayList<>();
    pages.each(
        root + "/issues/" + number + "/comments",
        "comments",
        comments -> {
          comments.forEach(c -> out.add(ForgeJson.comment(c)));
          return true;
        });
    return out;
  }

  @Override
  public void relabel(int number, List<String> add, List<String> remove) {
    if (!add.isEmpty()) {
      addLabels(number, add);
    }
    for (String label : remove) {
      try {
        api.call(ApiCall.delete(root + "/issues/" + number + "/labels/" + Paths.encode(label)));
      } catch (TrackerException.NotFound e) {
        // not on the issue: already the state we want
      }
    }
  }

  @Override
  public boolean assignSelf(int number) {
    ObjectNode body = api.nodes().objectNode();
    body.putArray("assignees").add(login());
    api.call(ApiCall.write("POST", root + "/issues/" + number + "/assignees", body));
    return true;
  }

  /** 422 "A pull request already exists for owner:head", read as a conflict or invalid input. */
  @Override
  protected boolean meansPullAlreadyOpen(TrackerException e) {
    return e instanceof TrackerException.Conflict || e instanceof TrackerException.InvalidInput;
  }

  @Override
  protected Optional<PullRequest> openPullFor(String head) {
    String filter = Paths.encode(repo.owner() + ":" + head);
    List<JsonNode> open =
        ForgeJson.elements(
            api.call(ApiCall.get(root + "/pulls?state=open&head=" + filter)), "pulls");
    return open.stream().map(ForgeJson::pullRequest).filter(p -> p.head().equals(head)).findFirst();
  }

  @Override
  public List<ReviewComment> reviewComments(int number) {
    List<ReviewComment> out = new ArrayList<>();
    pages.each(
        root + "/pulls/" + number + "/comments",
        "review comments",
        comments -> {
          comments.forEach(c -> out.add(ForgeJson.reviewComment(c)));
          return true;
        });
    return out;
  }

  @Override
  protected String reactionsTarget(CommentKind kind, long commentId) {
    return switch (kind) {
      case ISSUE_COMMENT -> root + "/issues/comments/" + commentId + "/reactions";
      case REVIEW_COMMENT -> root + "/pulls/comments/" + commentId + "/reactions";
    };
  }

  /** {@code POST /pulls/{n}/comments/{id}/replies}: the answer stays in the comment's thread. */
  @Override
  public void replyToReviewComment(int number, long commentId, String body) {
    ObjectNode node =
        api.nodes()
            .objectNode()
            .put("body", CommentMarker.fresh(new java.security.SecureRandom()).appendTo(body));
    api.call(
        ApiCall.write(
            "POST", root + "/pulls/" + number + "/comments/" + commentId + "/replies", node));
  }

  @Override
  protected String reviewEvent(ReviewState event) {
    return switch (event) {
      case CHANGES_REQUESTED -> "REQUEST_CHANGES";
      case APPROVED -> "APPROVE";
      case COMMENTED, OTHER -> "COMMENT";
    };
  }

  @Override
  protected void putReviewComment(ObjectNode into, NewReviewComment c) {
    into.put("path", c.path()).put("line", c.line()).put("side", "RIGHT").put("body", c.body());
  }

  @Override
  protected ApiCall mergeCall(int number) {
    ObjectNode body = api.nodes().objectNode().put("merge_method", "merge");
    return ApiCall.write("PUT", root + "/pulls/" + number + "/merge", body);
  }

  /** The API root this tracker talks to. */
  public URI apiBase() {
    return api.base();
  }
}
