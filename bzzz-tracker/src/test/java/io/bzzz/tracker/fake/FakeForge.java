package io.bzzz.tracker.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.tracker.fake.ForgeModel.Issue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the GitHub and Gitea fakes answer alike, because Gitea copied GitHub's shapes: the
 * repository object, the issue, comment and label fields, issue filtering by state and labels,
 * comment posting, and the lookups that answer 404. Each fake adds its own routes, error bodies and
 * the fields only it sends.
 */
abstract class FakeForge extends FakeServer {

  FakeForge(ForgeModel model, String token, String prefix) {
    super(model, token, prefix);
  }

  /** This forge's answer to a request that lacks a required field. */
  protected abstract Reply missingField(String field);

  /** Routes {@code POST <issue>/comments} under {@code issuePath} (which has the number group). */
  protected final void routeCommentPosting(String issuePath) {
    route(
        "POST",
        issuePath + "/comments",
        c ->
            withIssue(
                c,
                i -> {
                  if (!c.body().path("body").isTextual()) {
                    return missingField("body");
                  }
                  return Reply.json(
                      201, commentJson(model.addComment(i, c.body().get("body").asText())));
                }));
  }

  /** Runs {@code ok} when groups 1 and 2 name this repository, else 404. */
  protected final Reply repoOr404(Call c, Supplier<Reply> ok) {
    return c.group(1).equals(model.owner) && c.group(2).equals(model.repo) ? ok.get() : notFound();
  }

  /** Runs {@code action} on the issue numbered by group 1, else 404. */
  protected final Reply withIssue(Call c, Function<Issue, Reply> action) {
    return model.issue(c.intGroup(1)).map(action).orElseGet(this::notFound);
  }

  protected final Map<String, Object> repoJson() {
    return Map.of(
        "full_name",
        model.owner + "/" + model.repo,
        "default_branch",
        model.defaultBranch,
        "clone_url",
        model.cloneUrl().orElse(url() + "/" + model.owner + "/" + model.repo + ".git"));
  }

  /** The {@code state} ({@code open} unless given, or {@code all}) and {@code labels} filters. */
  protected static boolean matchesStateAndLabels(Issue i, Call c) {
    String state = c.query("state", "open");
    String labels = c.query("labels", "");
    List<String> wanted = labels.isEmpty() ? List.of() : List.of(labels.split(","));
    return (state.equals("all") || i.state.equals(state))
        && wanted.stream().allMatch(l -> i.labels.stream().anyMatch(x -> x.equalsIgnoreCase(l)));
  }

  /** Applies the {@code state} and {@code title} of an issue edit; the caller holds the lock. */
  protected static void editStateAndTitle(Issue i, JsonNode edit) {
    if (edit.has("state")) {
      i.state = edit.get("state").asText();
    }
    if (edit.has("title")) {
      i.title = edit.get("title").asText();
    }
  }

  /** The open pull request whose head is {@code head}. */
  protected final Optional<Issue> openPull(String head) {
    return model.issues().stream()
        .filter(
            i -> i.pull.isPresent() && i.pull.get().head().equals(head) && i.state.equals("open"))
        .findFirst();
  }

  /** The fields both forges send for an issue, in a map the caller may add to. */
  protected final Map<String, Object> issueFields(Issue i) {
    return model.locked(
        () -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("number", i.number);
          m.put("title", i.title);
          m.put("body", i.body);
          m.put("user", Map.of("login", i.author));
          m.put("state", i.state);
          m.put("labels", labelList(i));
          return m;
        });
  }

  /** The fields both forges send for a pull request, in a map the caller may add to. */
  protected static Map<String, Object> pullFields(Issue i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number", i.number);
    m.put("title", i.title);
    m.put("body", i.body);
    m.put("state", i.state);
    return m;
  }

  protected final List<Object> labelList(Issue i) {
    return new ArrayList<>(
        model.locked(() -> i.labels.stream().map(n -> labelJson(model.label(n))).toList()));
  }

  protected final List<Object> labelsJson() {
    return new ArrayList<>(model.labels().stream().map(FakeForge::labelJson).toList());
  }

  protected static Map<String, Object> commentJson(ForgeModel.CommentRow c) {
    // GitHub and Gitea both send created_at and updated_at; they differ once the text is edited.
    return Map.of(
        "id",
        c.id(),
        "body",
        c.body(),
        "user",
        Map.of("login", c.author()),
        "created_at",
        "2024-05-01T10:00:00Z",
        "updated_at",
        "2024-05-01T10:00:00Z");
  }

  protected static Map<String, Object> labelJson(ForgeModel.Label l) {
    return Map.of("id", l.id(), "name", l.name(), "color", l.color());
  }
}
