package io.bzzz.agent.pickup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Which pull request a webhook delivery is about, for the events the review loop reacts to. GitHub
 * names them {@code pull_request}, {@code pull_request_review}, {@code pull_request_review_comment}
 * and {@code issue_comment}; Gitea sends {@code pull_request}, {@code
 * pull_request_review_approved|rejected|comment}, {@code pull_request_comment} and, in its
 * GitHub-compatible header, the same names as GitHub. Both carry {@code repository.full_name}; the
 * number is {@code pull_request.number} (or top-level {@code number}), or for a comment {@code
 * issue.number} of an issue that has a {@code pull_request} member (GitHub) or {@code is_pull:
 * true} (Gitea). A comment on a plain issue is no pull request event.
 *
 * @param repository {@code owner/name} as the tracker spells it
 */
record PullRequestEvent(String repository, int number) {

  static final Set<String> EVENTS =
      Set.of(
          "pull_request",
          "pull_request_review",
          "pull_request_review_comment",
          "pull_request_review_approved",
          "pull_request_review_rejected",
          "pull_request_approved",
          "pull_request_rejected",
          "pull_request_comment",
          "issue_comment");

  private static final ObjectMapper JSON = WebhookJson.MAPPER;

  /**
   * Reads a delivery of one of the {@link #EVENTS}: empty for a comment on a plain issue.
   *
   * @throws MalformedWebhookException when it is not JSON or lacks the repository or number
   */
  static Optional<PullRequestEvent> parse(byte[] body) throws MalformedWebhookException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new MalformedWebhookException("the body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedWebhookException("the body is not a JSON object");
    }
    JsonNode repo = root.path("repository").path("full_name");
    if (!repo.isTextual() || repo.asText().isEmpty()) {
      throw new MalformedWebhookException("repository.full_name is missing");
    }
    JsonNode number;
    if (root.path("pull_request").isObject()) {
      number = root.path("pull_request").path("number");
      if (number.isMissingNode()) {
        number = root.path("number");
      }
    } else if (root.path("issue").isObject()) {
      JsonNode issue = root.path("issue");
      boolean onPull =
          issue.path("pull_request").isObject() || issue.path("is_pull").asBoolean(false);
      if (!onPull) {
        return Optional.empty();
      }
      number = issue.path("number");
    } else {
      throw new MalformedWebhookException("neither a pull_request nor an issue object");
    }
    if (!number.isIntegralNumber() || !number.canConvertToInt() || number.asInt() < 1) {
      throw new MalformedWebhookException("the pull request number is not a positive integer");
    }
    return Optional.of(new PullRequestEvent(repo.asText(), number.asInt()));
  }
}
