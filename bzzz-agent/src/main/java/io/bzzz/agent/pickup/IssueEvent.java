package io.bzzz.agent.pickup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an {@code issues} webhook says, in the fields Gitea's {@code IssuePayload} and GitHub's
 * {@code issues} event share: {@code action}, {@code issue{number, state, labels[{name}],
 * pull_request}} and {@code repository{full_name}}.
 *
 * @param repository {@code owner/name} as the tracker spells it
 */
public record IssueEvent(
    String action,
    String repository,
    long number,
    boolean open,
    boolean pullRequest,
    List<String> labels) {

  /**
   * The actions after which an issue may have become a task: Gitea's {@code label_updated} and
   * GitHub's {@code labeled} are the same moment under two names.
   */
  static final Set<String> TASK_ACTIONS =
      Set.of("opened", "reopened", "edited", "labeled", "label_updated");

  private static final ObjectMapper JSON = WebhookJson.MAPPER;

  public IssueEvent {
    labels = List.copyOf(labels);
  }

  /** Whether this event may have made the issue a task: an open issue after one of the actions. */
  boolean mayBeNewTask() {
    return TASK_ACTIONS.contains(action) && open && !pullRequest;
  }

  boolean hasLabel(String label) {
    return labels.stream().anyMatch(l -> l.equalsIgnoreCase(label));
  }

  /**
   * Reads the body of an {@code issues} delivery.
   *
   * @throws MalformedWebhookException when it is not JSON or lacks a field named above
   */
  static IssueEvent parse(byte[] body) throws MalformedWebhookException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new MalformedWebhookException("the body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedWebhookException("the body is not a JSON object");
    }
    JsonNode issue = root.path("issue");
    if (!issue.isObject()) {
      throw new MalformedWebhookException("no issue object");
    }
    JsonNode number = issue.path("number");
    if (!number.isIntegralNumber() || !number.canConvertToLong() || number.asLong() < 1) {
      throw new MalformedWebhookException("issue.number is not a positive integer");
    }
    List<String> labels = new ArrayList<>();
    JsonNode labelNodes = issue.path("labels");
    if (labelNodes.isArray()) {
      for (JsonNode l : labelNodes) {
        if (l.path("name").isTextual()) {
          labels.add(l.path("name").asText());
        }
      }
    } else if (!labelNodes.isMissingNode() && !labelNodes.isNull()) {
      throw new MalformedWebhookException("issue.labels is not an array");
    }
    return new IssueEvent(
        text(root, "action", "action"),
        text(root.path("repository"), "full_name", "repository.full_name"),
        number.asLong(),
        "open".equals(issue.path("state").asText("open")),
        issue.hasNonNull("pull_request"),
        labels);
  }

  private static String text(JsonNode node, String field, String path)
      throws MalformedWebhookException {
    JsonNode v = node.path(field);
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new MalformedWebhookException(path + " is missing");
    }
    return v.asText();
  }
}
