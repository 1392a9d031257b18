package io.bzzz.tracker.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.tracker.fake.FakeServer.Call;
import io.bzzz.tracker.fake.FakeServer.Reply;
import io.bzzz.tracker.fake.ForgeModel.Issue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GitHub's pull request conversation, as documented: {@code GET /pulls/{n}}, reviews ({@code
 * GET/POST /pulls/{n}/reviews}, states {@code APPROVED}, {@code CHANGES_REQUESTED}, {@code
 * COMMENTED}; events {@code APPROVE}, {@code REQUEST_CHANGES}, {@code COMMENT}), line comments
 * ({@code GET /pulls/{n}/comments}, replies {@code POST /pulls/{n}/comments/{id}/replies}),
 * collaborator permission, reactions (201 new, 200 existing, 422 for an unknown content) and merge
 * ({@code PUT /pulls/{n}/merge}: 200 {@code {"sha","merged","message"}}, 405 when not mergeable).
 */
final class GitHubReviews extends PullConversation {
  private static final Set<String> REACTIONS =
      Set.of("+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes");

  private final FakeGitHub github;
  private final String repo;

  GitHubReviews(FakeGitHub forge, String repo) {
    super(forge);
    this.github = forge;
    this.repo = repo;
  }

  void register() {
    String pull = repo + "/pulls/(\\d+)";
    forge.route("GET", pull, c -> withPull(c, p -> Reply.json(200, github.pullJson(p))));
    forge.route("GET", pull + "/reviews", c -> withPull(c, this::listReviews));
    forge.route("POST", pull + "/reviews", c -> withPull(c, p -> createReview(p, c.body())));
    forge.route("GET", pull + "/comments", c -> withPull(c, this::listLineComments));
    forge.route(
        "POST",
        pull + "/comments/(\\d+)/replies",
        c -> withPull(c, p -> reply(p, Long.parseLong(c.group(2)), c.body())));
    forge.route("PUT", pull + "/merge", c -> withPull(c, this::mergeReply));
    forge.route("GET", repo + "/collaborators/([^/]+)/permission", this::permission);
    forge.route(
        "POST",
        repo + "/issues/comments/(\\d+)/reactions",
        c -> reactReply(c, this::isIssueComment));
    forge.route(
        "POST", repo + "/pulls/comments/(\\d+)/reactions", c -> reactReply(c, this::isLineComment));
  }

  @Override
  Map<String, Object> reviewJson(Issue p, ForgeModel.ReviewRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("user", Map.of("login", r.author()));
    m.put("body", r.body());
    m.put("state", r.state());
    m.put("commit_id", model.branch(p.pull.orElseThrow().head()).orElse(""));
    m.put("submitted_at", "2024-05-01T10:00:00Z");
    m.put("author_association", "COLLABORATOR");
    return m;
  }

  private Reply createReview(Issue p, JsonNode b) {
    String state =
        switch (b.path("event").asText("")) {
          case "APPROVE" -> "APPROVED";
          case "REQUEST_CHANGES" -> "CHANGES_REQUESTED";
          case "COMMENT" -> "COMMENTED";
          case "" -> "PENDING";
          default -> null;
        };
    if (state == null) {
      return github.validationFailed("event", "invalid");
    }
    if (needsText(state, b)) {
      return Reply.json(
          422,
          Map.of(
              "message",
              "Unprocessable Entity",
              "errors",
              List.of("Body is required for this review event"),
              "documentation_url",
              "https://docs.github.com/rest"));
    }
    ForgeModel.ReviewRow review = addReview(p, state, b, "line");
    return Reply.json(200, reviewJson(p, review));
  }

  private Reply listLineComments(Issue p) {
    List<Object> out = new ArrayList<>();
    model.locked(() -> List.copyOf(p.lineComments)).forEach(l -> out.add(lineJson(l)));
    return Reply.json(200, out);
  }

  private static Map<String, Object> lineJson(ForgeModel.LineCommentRow l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", l.id());
    m.put("pull_request_review_id", l.reviewId());
    m.put("path", l.path());
    m.put("line", l.line());
    m.put("original_line", l.line());
    m.put("side", "RIGHT");
    m.put("body", l.body());
    m.put("user", Map.of("login", l.author()));
    m.put("diff_hunk", "");
    m.put("created_at", "2024-05-01T10:00:00Z");
    m.put("updated_at", "2024-05-01T10:00:00Z");
    if (l.inReplyTo() != 0) {
      m.put("in_reply_to_id", l.inReplyTo());
    }
    return m;
  }

  /** Documented: replies to a reply are not supported (the id must start a thread). */
  private Reply reply(Issue p, long to, JsonNode b) {
    Optional<ForgeModel.LineCommentRow> parent =
        model.locked(() -> p.lineComments.stream().filter(l -> l.id() == to).findFirst());
    if (parent.isEmpty()) {
      return forge.notFound();
    }
    if (!b.path("body").isTextual()) {
      return github.validationFailed("body", "missing_field");
    }
    ForgeModel.LineCommentRow parentRow = parent.get();
    long root = parentRow.inReplyTo() == 0 ? parentRow.id() : parentRow.inReplyTo();
    ForgeModel.LineCommentRow row =
        model.addLineComment(
            p,
            parentRow.reviewId(),
            model.user,
            parentRow.path(),
            parentRow.line(),
            b.get("body").asText(),
            root);
    return Reply.json(201, lineJson(row));
  }

  private Reply mergeReply(Issue p) {
    if (!merge(p)) {
      return Reply.json(
          405,
          Map.of(
              "message",
              "Pull Request is not mergeable",
              "documentation_url",
              "https://docs.github.com/rest"));
    }
    return Reply.json(
        200,
        Map.of(
            "sha", "b".repeat(40), "merged", true, "message", "Pull Request successfully merged"));
  }

  private Reply reactReply(Call c, java.util.function.LongPredicate exists) {
    long id = Long.parseLong(c.group(1));
    if (!exists.test(id)) {
      return forge.notFound();
    }
    String content = c.body().path("content").asText("");
    if (!REACTIONS.contains(content)) {
      return github.validationFailed("content", "invalid");
    }
    boolean fresh = react(id, content);
    Map<String, Object> json =
        Map.of("id", id, "user", Map.of("login", model.user), "content", content);
    return Reply.json(fresh ? 201 : 200, json);
  }
}
