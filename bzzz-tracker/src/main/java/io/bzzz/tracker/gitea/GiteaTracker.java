package io.bzzz.tracker.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.http.ApiCall;
import io.bzzz.tracker.http.ApiClient;
import io.bzzz.tracker.http.ForgeJson;
import io.bzzz.tracker.http.ForgeTracker;
import io.bzzz.tracker.http.Pages;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.review.CommentKind;
import io.bzzz.tracker.review.NewReviewComment;
import io.bzzz.tracker.review.Review;
import io.bzzz.tracker.review.ReviewComment;
import io.bzzz.tracker.review.ReviewState;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gitea API v1, and the local tracker, which speaks the same subset. What differs from GitHub:
 * {@code Authorization: token}, pages of at most 50, labels set by id, branch creation answers 409
 * when the branch exists (the claim lock), issue edits answer 201, and pull request creation
 * answers 409 for a head that already has an open one.
 */
public final class GiteaTracker extends ForgeTracker {
  /** Gitea's default MAX_RESPONSE_ITEMS; larger limits are cut to it silently. */
  private static final int PAGE = 50;

  private final GiteaLabels labels;

  private GiteaTracker(TrackerEndpoint connection, ApiClient api) {
    super(connection, api, new Pages.Numbered(api, PAGE));
    this.labels = new GiteaLabels(api, root, repo, pages);
  }

  public static GiteaTracker connect(TrackerEndpoint connection) {
    return new GiteaTracker(
        connection,
        connection.open(apiRoot(connection.url()), ApiClient.AuthScheme.TOKEN, Map.of()));
  }

  /** {@code http://host:3000} and {@code http://host:3000/api/v1} both mean the API root. */
  static URI apiRoot(URI url) {
    String text = url.toString().replaceAll("/+$", "");
    return URI.create(text.endsWith("/api/v1") ? text : text + "/api/v1");
  }

  @Override
  protected String issuesTarget(String filter) {
    return root + "/issues?type=issues&" + filter;
  }

  /** Gitea lists newest first. */
  @Override
  protected List<Task> oldestFirst(List<Task> listed) {
    List<Task> sorted = new ArrayList<>(listed);
    sorted.sort(Comparator.comparingInt(Task::number));
    return sorted;
  }

  @Override
  protected void putLabels(ArrayNode ids, List<String> names) {
    names.forEach(name -> ids.add(labels.id(name)));
  }

  @Override
  public boolean createBranch(String name) {
    ObjectNode body =
        api.nodes()
            .objectNode()
            .put("new_branch_name", name)
            .put("old_branch_name", repoInfo().defaultBranch());
    return created(ApiCall.write("POST", root + "/branches", body));
  }

  @Override
  public boolean branchExists(String name) {
    // Gitea routes /branches/* so a name with slashes is one branch, not a longer path.
    return exists(root + "/branches/" + name);
  }

  @Override
  public void deleteRef(String name) {
    try {
      api.call(ApiCall.delete(root + "/branches/" + name));
    } catch (TrackerException.NotFound e) {
      // already gone: the state we want
    }
  }

  @Override
  public void ensureLabel(String name, String color) {
    labels.ensure(List.of(new BzzzLabels.LabelSpec(name, color)));
  }

  @Override
  public void ensureLabels() {
    labels.ensure(BzzzLabels.ALL);
  }

  @Override
  public List<Comment> comments(int number) {
    // Gitea answers this endpoint whole (no paging parameters).
    List<Comment> out = new ArrayList<>();
    ForgeJson.elements(api.call(ApiCall.get(root + "/issues/" + number + "/comments")), "comments")
        .forEach(c -> out.add(ForgeJson.comment(c)));
    return out;
  }

  @Override
  public void relabel(int number, List<String> add, List<String> remove) {
    if (!add.isEmpty()) {
      JsonNode now = addLabels(number, add);
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
        api.call(ApiCall.delete(root + "/issues/" + number + "/labels/" + id.get()));
      } catch (TrackerException.NotFound | TrackerException.InvalidInput e) {
        // not on the issue: already the state we want
      }
    }
  }

  @Override
  public boolean assignSelf(int number) {
    ObjectNode body = api.nodes().objectNode();
    body.putArray("assignees").add(login());
    try {
      api.call(ApiCall.write("PATCH", root + "/issues/" + number, body));
      return true;
    } catch (TrackerException.InvalidInput | TrackerException.Unauthorized e) {
      // Gitea refuses assignees who are not collaborators: assignment is only a courtesy.
      return false;
    }
  }

  /** 409 for a head that already has an open pull request. */
  @Override
  protected boolean meansPullAlreadyOpen(TrackerException e) {
    return e instanceof TrackerException.Conflict;
  }

  @Override
  protected Optional<PullRequest> openPullFor(String head) {
    // Gitea has no head filter: look through the open ones.
    return pages
        .find(
            root + "/pulls?state=open", "pulls", p -> ForgeJson.pullRequest(p).head().equals(head))
        .map(ForgeJson::pullRequest);
  }

  /** Gitea lists line comments per review ({@code GET .../reviews/{id}/comments}). */
  @Override
  public List<ReviewComment> reviewComments(int number) {
    List<ReviewComment> out = new ArrayList<>();
    for (Review review : reviews(number)) {
      ForgeJson.elements(
              api.call(
                  ApiCall.get(root + "/pulls/" + number + "/reviews/" + review.id() + "/comments")),
              "review comments")
          .forEach(c -> out.add(ForgeJson.reviewComment(c)));
    }
    out.sort(Comparator.comparingLong(ReviewComment::id));
    return out;
  }

  /** Line comments are comments too in Gitea: one reactions endpoint serves both. */
  @Override
  protected String reactionsTarget(CommentKind kind, long commentId) {
    return root + "/issues/comments/" + commentId + "/reactions";
  }

  /** Gitea's API has no reply to a line comment: the answer goes to the conversation. */
  @Override
  public void replyToReviewComment(int number, long commentId, String body) {
    comment(number, body);
  }

  @Override
  protected String reviewEvent(ReviewState event) {
    return switch (event) {
      case CHANGES_REQUESTED -> "REQUEST_CHANGES";
      case APPROVED -> "APPROVED";
      case COMMENTED, OTHER -> "COMMENT";
    };
  }

  @Override
  protected void putReviewComment(ObjectNode into, NewReviewComment c) {
    into.put("path", c.path()).put("new_position", c.line()).put("body", c.body());
  }

  @Override
  protected ApiCall mergeCall(int number) {
    ObjectNode body = api.nodes().objectNode().put("Do", "merge");
    return ApiCall.write("POST", root + "/pulls/" + number + "/merge", body);
  }
}
