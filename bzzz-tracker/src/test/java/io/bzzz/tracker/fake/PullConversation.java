package io.bzzz.tracker.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.tracker.fake.FakeServer.Call;
import io.bzzz.tracker.fake.FakeServer.Reply;
import io.bzzz.tracker.fake.ForgeModel.Issue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What GitHub's and Gitea's pull request conversations do alike on the model: reviews with their
 * line comments, collaborator permissions, one reaction per user and content, and a merge that
 * closes the pull request. The forges' own classes shape the JSON and the errors.
 */
abstract class PullConversation {
  protected final FakeForge forge;
  protected final ForgeModel model;

  PullConversation(FakeForge forge) {
    this.forge = forge;
    this.model = forge.model();
  }

  abstract Map<String, Object> reviewJson(Issue pull, ForgeModel.ReviewRow review);

  final Reply withPull(Call c, Function<Issue, Reply> action) {
    return model
        .issue(c.intGroup(1))
        .filter(i -> i.pull.isPresent())
        .map(action)
        .orElseGet(forge::notFound);
  }

  final Reply listReviews(Issue p) {
    List<Object> out = new ArrayList<>();
    model.locked(() -> List.copyOf(p.reviews)).forEach(r -> out.add(reviewJson(p, r)));
    return Reply.json(200, out);
  }

  /** A review by the token's user, with its line comments (line read from {@code lineField}). */
  final ForgeModel.ReviewRow addReview(Issue p, String state, JsonNode body, String lineField) {
    ForgeModel.ReviewRow review =
        model.addReview(p, model.user, state, body.path("body").asText(""));
    for (JsonNode c : body.path("comments")) {
      model.addLineComment(
          p,
          review.id(),
          model.user,
          c.path("path").asText(""),
          c.path(lineField).asInt(c.path("position").asInt(0)),
          c.path("body").asText(""),
          0);
    }
    return review;
  }

  /** A review that asks for changes or comments needs a body or a line comment, on both forges. */
  static boolean needsText(String state, JsonNode body) {
    return (state.equals("CHANGES_REQUESTED") || state.equals("COMMENTED"))
        && body.path("body").asText("").isBlank()
        && body.path("comments").isEmpty();
  }

  /** Merges an open pull request; false when it is closed or merged already. */
  final boolean merge(Issue p) {
    return model.locked(
        () -> {
          if (p.merged || !p.state.equals("open")) {
            return false;
          }
          p.merged = true;
          p.state = "closed";
          return true;
        });
  }

  /** Both forges answer the same shape; an unknown user is 404. */
  final Reply permission(Call c) {
    String login = c.group(1);
    return model
        .permissionOf(login)
        .map(
            p ->
                Reply.json(
                    200, Map.of("permission", p, "role_name", p, "user", Map.of("login", login))))
        .orElseGet(forge::notFound);
  }

  /** Records the token user's reaction; false when it was there already. */
  final boolean react(long commentId, String content) {
    ForgeModel.ReactionRow row = new ForgeModel.ReactionRow(commentId, model.user, content);
    return model.locked(
        () -> {
          if (model.reactions.contains(row)) {
            return false;
          }
          model.reactions.add(row);
          return true;
        });
  }

  final boolean isIssueComment(long id) {
    return model.issues().stream()
        .anyMatch(i -> model.locked(() -> i.comments.stream().anyMatch(c -> c.id() == id)));
  }

  final boolean isLineComment(long id) {
    return model.issues().stream()
        .anyMatch(i -> model.locked(() -> i.lineComments.stream().anyMatch(c -> c.id() == id)));
  }
}
