package io.bzzz.tracker.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.tracker.BodyEdits;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskState;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.review.Review;
import io.bzzz.tracker.review.ReviewComment;
import io.bzzz.tracker.review.ReviewState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the JSON shapes GitHub and Gitea share (Gitea copied GitHub's issue, comment, label and
 * pull request objects) into Bzzz's records. A missing required field is a {@link
 * TrackerException.BadResponse}, never a null.
 */
public final class ForgeJson {
  private ForgeJson() {}

  public static boolean isPullRequest(JsonNode issue) {
    return issue.hasNonNull("pull_request");
  }

  public static Task task(String tracker, RepoRef repo, JsonNode issue) {
    requireObject(issue, "issue");
    int number = integer(issue, "number");
    String title = text(issue, "title");
    List<String> labels = new ArrayList<>();
    for (JsonNode label : array(issue, "labels")) {
      labels.add(text(label, "name"));
    }
    List<String> assignees = new ArrayList<>();
    for (JsonNode user : array(issue, "assignees")) {
      assignees.add(text(user, "login"));
    }
    String state = text(issue, "state");
    return new Task(
        tracker,
        repo,
        number,
        title,
        issue.path("body").asText(""),
        issue.path("user").path("login").asText(""),
        labels,
        "closed".equals(state) ? TaskState.CLOSED : TaskState.OPEN,
        assignees,
        issue.path("html_url").asText(""),
        bodyEdits(issue),
        instant(issue.path("created_at").asText("")));
  }

  /** An RFC 3339 time as GitHub and Gitea write them; empty when absent or unreadable. */
  static Optional<Instant> instant(String text) {
    try {
      return text.isEmpty()
          ? Optional.empty()
          : Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Field the local tracker adds to Gitea's issue and comment objects: the editors' logins. */
  public static final String EDITORS_FIELD = "bzzz_edited_by";

  /**
   * Neither GitHub's REST issue nor Gitea's API v1 says who edited a body (GitHub has it only in
   * GraphQL's {@code userContentEdits}; Gitea keeps content history out of its API); the local
   * tracker adds {@value #EDITORS_FIELD}.
   */
  static BodyEdits bodyEdits(JsonNode issue) {
    JsonNode editors = issue.get(EDITORS_FIELD);
    if (editors == null || !editors.isArray()) {
      return new BodyEdits.Unknown("this tracker's API does not say who edited an issue body");
    }
    List<String> logins = new ArrayList<>();
    for (JsonNode e : editors) {
      logins.add(e.asText(""));
    }
    return new BodyEdits.Known(logins);
  }

  public static Comment comment(JsonNode node) {
    requireObject(node, "comment");
    if (!node.path("id").canConvertToLong()) {
      throw bad("comment without a numeric id");
    }
    JsonNode editors = node.path(EDITORS_FIELD);
    boolean edited =
        !node.hasNonNull("created_at")
            || !node.path("created_at").asText().equals(node.path("updated_at").asText())
            || (editors.isArray() && !editors.isEmpty());
    return new Comment(
        node.get("id").asLong(),
        node.path("user").path("login").asText(""),
        text(node, "body"),
        edited);
  }

  public static PullRequest pullRequest(JsonNode node) {
    requireObject(node, "pull request");
    return new PullRequest(
        integer(node, "number"),
        text(node.path("head"), "ref"),
        text(node.path("base"), "ref"),
        text(node, "title"),
        "open".equals(text(node, "state")),
        node.path("html_url").asText(""),
        node.path("updated_at").asText(""));
  }

  public static Review review(JsonNode node) {
    requireObject(node, "review");
    return new Review(
        id(node, "id"),
        node.path("user").path("login").asText(""),
        ReviewState.parse(node.path("state").asText("")),
        node.path("body").asText(""));
  }

  /**
   * A line comment. GitHub says {@code line} (new version) and {@code original_line}; Gitea says
   * {@code position} (new) and {@code original_position}.
   */
  public static ReviewComment reviewComment(JsonNode node) {
    requireObject(node, "review comment");
    int line = node.path("line").asInt(0);
    if (line == 0) {
      line = node.path("position").asInt(0);
    }
    boolean edited =
        !node.hasNonNull("created_at")
            || !node.path("created_at").asText().equals(node.path("updated_at").asText());
    return new ReviewComment(
        id(node, "id"),
        node.path("pull_request_review_id").asLong(0),
        node.path("user").path("login").asText(""),
        text(node, "body"),
        node.path("path").asText(""),
        line,
        edited);
  }

  public static List<JsonNode> elements(JsonNode node, String what) {
    if (!node.isArray()) {
      throw bad("expected a JSON array of " + what + ", got " + node.getNodeType());
    }
    List<JsonNode> out = new ArrayList<>(node.size());
    node.forEach(out::add);
    return out;
  }

  public static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw bad("missing text field '" + field + "'");
    }
    return v.asText();
  }

  public static int integer(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
      throw bad("missing integer field '" + field + "'");
    }
    return v.asInt();
  }

  public static long id(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw bad("missing id field '" + field + "'");
    }
    return v.asLong();
  }

  private static Iterable<JsonNode> array(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw bad("field '" + field + "' is not an array");
    }
    return v;
  }

  private static void requireObject(JsonNode node, String what) {
    if (!node.isObject()) {
      throw bad("expected a " + what + " object, got " + node.getNodeType());
    }
  }

  private static TrackerException.BadResponse bad(String message) {
    return new TrackerException.BadResponse("tracker answer: " + message, null);
  }
}
