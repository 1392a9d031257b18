package io.bzzz.tracker.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.tracker.fake.FakeServer.Call;
import io.bzzz.tracker.fake.FakeServer.Reply;
import io.bzzz.tracker.fake.ForgeModel.Issue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gitea's pull request conversation, as its API v1 documents it where it differs from GitHub:
 * review states {@code APPROVED}, {@code REQUEST_CHANGES}, {@code COMMENT} (also the events), line
 * comments listed per review ({@code GET /pulls/{n}/reviews/{id}/comments}, lines in {@code
 * position}), no reply endpoint for a line comment, one reactions endpoint for every comment (201
 * new, 200 existing, 403 for a reaction the instance does not allow), and merge by {@code POST
 * /pulls/{n}/merge} with {@code {"Do":"merge"}} (200 with an empty body, 405 when not mergeable).
 */
final class GiteaReviews extends PullConversation {
  /** Gitea's default {@code [ui] REACTIONS}. */
  private static final Set<String> REACTIONS =
      Set.of("+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes");

  private final FakeGitea gitea;
  private final String repo;

  GiteaReviews(FakeGitea forge, String repo) {
    super(forge);
    this.gitea = forge;
    this.repo = repo;
  }

  void register() {
    String pull = repo + "/pulls/(\\d+)";
    forge.route("GET", pull, c -> withPull(c, p -> Reply.json(200, gitea.pullJson(p))));
    forge.route("GET", pull + "/reviews", c -> withPull(c, this::listReviews));
    forge.route("POST", pull + "/reviews", c -> withPull(c, p -> createReview(p, c.body())));
    forge.route(
        "GET",
        pull + "/reviews/(\\d+)/comments",
        c -> withPull(c, p -> listReviewComments(p, Long.parseLong(c.group(2)))));
    forge.route("POST", pull + "/merge", c -> withPull(c, p -> mergeReply(p, c.body())));
    forge.route("GET", repo + "/collaborators/([^/]+)/permission", this::permission);
    forge.route("POST", repo + "/issues/comments/(\\d+)/reactions", this::reactReply);
  }

  @Override
  Map<String, Object> reviewJson(Issue p, ForgeModel.ReviewRow r) {
    long lines =
        model.locked(() -> p.lineComments.stream().filter(l -> l.reviewId() == r.id())).count();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("user", Map.of("login", r.author()));
    m.put("body", r.body());
    m.put("state", giteaState(r.state()));
    m.put("commit_id", model.branch(p.pull.orElseThrow().head()).orElse(""));
    m.put("comments_count", lines);
    m.put("official", true);
    m.put("stale", false);
    m.put("dismissed", false);
    m.put("submitted_at", "2024-05-01T10:00:00Z");
    return m;
  }

  /** The model keeps GitHub's words; Gitea names two states otherwise. */
  private static String giteaState(String state) {
    return switch (state) {
      case "CHANGES_REQUESTED" -> "REQUEST_CHANGES";
      case "COMMENTED" -> "COMMENT";
      default -> state;
    };
  }

  private Reply createReview(Issue p, JsonNode b) {
    String state =
        switch (b.path("event").asText("")) {
          case "APPROVED" -> "APPROVED";
          case "REQUEST_CHANGES" -> "CHANGES_REQUESTED";
          case "COMMENT" -> "COMMENTED";
          case "", "PENDING" -> "PENDING";
          default -> null;
        };
    if (state == null) {
      return gitea.validation("Event", "invalid");
    }
    if (needsText(state, b)) {
      return Reply.json(
          422, FakeGitea.error("review event " + b.path("event").asText() + " requires a body"));
    }
    ForgeModel.ReviewRow review = addReview(p, state, b, "new_position");
    return Reply.json(200, reviewJson(p, review));
  }

  private Reply listReviewComments(Issue p, long reviewId) {
    boolean known = model.locked(() -> p.reviews.stream().anyMatch(r -> r.id() == reviewId));
    if (!known) {
      return forge.notFound();
    }
    List<Object> out = new ArrayList<>();
    model
        .locked(() -> p.lineComments.stream().filter(l -> l.reviewId() == reviewId).toList())
        .forEach(l -> out.add(lineJson(l)));
    return Reply.json(200, out);
  }

  private static Map<String, Object> lineJson(ForgeModel.LineCommentRow l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", l.id());
    m.put("pull_request_review_id", l.reviewId());
    m.put("path", l.path());
    m.put("position", l.line());
    m.put("original_position", 0);
    m.put("body", l.body());
    m.put("user", Map.of("login", l.author()));
    m.put("diff_hunk", "");
    m.put("created_at", "2024-05-01T10:00:00Z");
    m.put("updated_at", "2024-05-01T10:00:00Z");
    return m;
  }

  private Reply mergeReply(Issue p, JsonNode b) {
    if (!b.path("Do").isTextual()) {
      return gitea.validation("Do", "Required");
    }
    if (!merge(p)) {
      return Reply.json(405, FakeGitea.error("The PR is not mergeable"));
    }
    return new Reply(200, Map.of(), null);
  }

  /** Line comments are comments too in Gitea: one endpoint takes reactions to both. */
  private Reply reactReply(Call c) {
    long id = Long.parseLong(c.group(1));
    if (!isIssueComment(id) && !isLineComment(id)) {
      return forge.notFound();
    }
    String content = c.body().path("content").asText("");
    if (!REACTIONS.contains(content)) {
      return Reply.json(403, FakeGitea.error("'" + content + "' is not an allowed reaction"));
    }
    boolean fresh = react(id, content);
    Map<String, Object> json =
        Map.of(
            "user",
            Map.of("login", model.user),
            "content",
            content,
            "created_at",
            "2024-05-01T10:00:00Z");
    return Reply.json(fresh ? 201 : 200, json);
  }
}
