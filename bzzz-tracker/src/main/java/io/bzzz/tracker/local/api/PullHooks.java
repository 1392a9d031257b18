package io.bzzz.tracker.local.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.tracker.local.hooks.HookDeliveries;
import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Comment;
import io.bzzz.tracker.local.store.Hook;
import io.bzzz.tracker.local.store.Issue;
import io.bzzz.tracker.local.store.Permission;
import io.bzzz.tracker.local.store.PullInfo;
import io.bzzz.tracker.local.store.Repo;
import io.bzzz.tracker.local.store.ReviewStore;
import io.bzzz.tracker.local.store.TrackerStore;
import java.util.List;
import java.util.Map;

/**
 * Turns comments and reviews into Gitea's deliveries. A comment: {@code X-Gitea-Event:
 * issue_comment}, event type {@code issue_comment} on an issue and {@code pull_request_comment} on
 * a pull request, with Gitea's {@code IssueCommentPayload} ({@code action: created, issue, comment,
 * repository, sender, is_pull}); a hook subscribed to {@code issue_comment} gets both, one
 * subscribed to {@code pull_request_comment} those on pull requests. A review: event {@code
 * pull_request_approved}, {@code pull_request_rejected} or {@code pull_request_comment} and type
 * {@code pull_request_review_approved|rejected|comment} for {@code APPROVED}, {@code
 * REQUEST_CHANGES} and {@code COMMENT}, with Gitea's {@code PullRequestPayload} ({@code action:
 * reviewed, number, pull_request, review{type, content}, repository, sender}), for hooks subscribed
 * to {@code pull_request_review}. Only enqueues: the request never waits for receivers.
 */
final class PullHooks {
  static final String ISSUE_COMMENT = "issue_comment";
  static final String PULL_COMMENT = "pull_request_comment";
  static final String PULL_REVIEW = "pull_request_review";

  private final TrackerStore store;
  private final HookDeliveries deliveries;
  private final ObjectMapper mapper = GiteaApi.mapper();

  PullHooks(TrackerStore store, HookDeliveries deliveries) {
    this.store = store;
    this.deliveries = deliveries;
  }

  /** Gitea's IssueCommentPayload. */
  record IssueCommentPayload(
      String action,
      GiteaJson.IssueJson issue,
      GiteaJson.CommentJson comment,
      GiteaJson.Repository repository,
      GiteaJson.User sender,
      boolean isPull) {}

  /** Gitea's ReviewPayload inside a PullRequestPayload. */
  record ReviewPayload(String type, String content) {}

  /** Gitea's PullRequestPayload for a review. */
  record PullReviewPayload(
      String action,
      long number,
      GiteaJson.PullJson pullRequest,
      GiteaJson.Repository repository,
      GiteaJson.User sender,
      String commitId,
      ReviewPayload review) {}

  void commented(ApiContext ctx, Repo repo, Issue issue, Comment comment, Account by) {
    boolean pull = issue.pull().isPresent();
    String eventType = pull ? PULL_COMMENT : ISSUE_COMMENT;
    List<Hook> hooks =
        store.hooks().list(repo).stream()
            .filter(h -> h.wants(ISSUE_COMMENT) || h.wants(eventType))
            .toList();
    if (hooks.isEmpty()) {
      return;
    }
    byte[] payload =
        encode(
            new IssueCommentPayload(
                "created",
                ctx.json().issue(repo, issue),
                ctx.json().comment(repo, comment),
                ctx.repositoryJson(repo, Permission.READ),
                ctx.json().user(by),
                pull));
    for (Hook h : hooks) {
      deliveries.enqueue(new HookDeliveries.Delivery(h, ISSUE_COMMENT, eventType, payload));
    }
  }

  /** Review states as stored ({@code APPROVED}, {@code REQUEST_CHANGES}, {@code COMMENT}). */
  private static final Map<String, String> REVIEW_EVENTS =
      Map.of(
          "APPROVED", "approved",
          "REQUEST_CHANGES", "rejected",
          "COMMENT", "comment");

  void reviewed(ApiContext ctx, Repo repo, Issue pull, ReviewStore.Review review, Account by) {
    PullInfo p = pull.pull().orElseThrow();
    String kind = REVIEW_EVENTS.getOrDefault(review.state(), "comment");
    String event = kind.equals("comment") ? PULL_COMMENT : "pull_request_" + kind;
    String eventType = "pull_request_review_" + kind;
    List<Hook> hooks =
        store.hooks().list(repo).stream()
            .filter(h -> h.wants(PULL_REVIEW) || h.wants(eventType))
            .toList();
    if (hooks.isEmpty()) {
      return;
    }
    GiteaJson.Repository repoJson = ctx.repositoryJson(repo, Permission.READ);
    byte[] payload =
        encode(
            new PullReviewPayload(
                "reviewed",
                pull.number(),
                ctx.json()
                    .pull(
                        repo,
                        pull,
                        repoJson,
                        ctx.git().branchSha(repo, p.headRef()).orElse(""),
                        ctx.git().branchSha(repo, p.baseRef()).orElse("")),
                repoJson,
                ctx.json().user(by),
                review.commitId(),
                new ReviewPayload(eventType, review.body())));
    for (Hook h : hooks) {
      deliveries.enqueue(new HookDeliveries.Delivery(h, event, eventType, payload));
    }
  }

  private byte[] encode(Object payload) {
    try {
      return mapper.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a webhook payload", e);
    }
  }
}
