package io.bzzz.tracker.local.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.tracker.local.hooks.HookDeliveries;
import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Hook;
import io.bzzz.tracker.local.store.Issue;
import io.bzzz.tracker.local.store.Permission;
import io.bzzz.tracker.local.store.Repo;
import io.bzzz.tracker.local.store.TrackerStore;
import java.util.List;

/**
 * Turns issue changes into Gitea's {@code issues} deliveries: {@code opened}, {@code edited},
 * {@code closed}, {@code reopened} ({@code X-Gitea-Event-Type: issues}) and {@code label_updated},
 * {@code label_cleared} ({@code issue_label}), with Gitea's {@code IssuePayload}: {@code action,
 * number, issue, repository, sender, commit_id}. A hook subscribed to {@code issues} gets them all,
 * as Gitea's API treats {@code issues} as every issue event. Pull requests send no {@code issues}
 * events (their comments and reviews: {@link PullHooks}). Only enqueues: the request never waits
 * for receivers.
 */
final class IssueHooks {
  static final String ISSUES = "issues";
  static final String ISSUE_LABEL = "issue_label";

  private final TrackerStore store;
  private final HookDeliveries deliveries;
  private final ObjectMapper mapper = GiteaApi.mapper();

  IssueHooks(TrackerStore store, HookDeliveries deliveries) {
    this.store = store;
    this.deliveries = deliveries;
  }

  /** Gitea's IssuePayload. */
  record IssuePayload(
      String action,
      long number,
      GiteaJson.IssueJson issue,
      GiteaJson.Repository repository,
      GiteaJson.User sender,
      String commitId) {}

  /**
   * @param eventType {@link #ISSUES} or {@link #ISSUE_LABEL}
   */
  void changed(
      ApiContext ctx, Repo repo, Issue issue, String action, String eventType, Account by) {
    if (issue.pull().isPresent()) {
      return;
    }
    List<Hook> hooks =
        store.hooks().list(repo).stream()
            .filter(h -> h.wants(ISSUES) || h.wants(eventType))
            .toList();
    if (hooks.isEmpty()) {
      return;
    }
    byte[] payload;
    try {
      payload =
          mapper.writeValueAsBytes(
              new IssuePayload(
                  action,
                  issue.number(),
                  ctx.json().issue(repo, issue),
                  ctx.repositoryJson(repo, Permission.READ),
                  ctx.json().user(by),
                  ""));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a webhook payload", e);
    }
    for (Hook h : hooks) {
      deliveries.enqueue(new HookDeliveries.Delivery(h, ISSUES, eventType, payload));
    }
  }
}
