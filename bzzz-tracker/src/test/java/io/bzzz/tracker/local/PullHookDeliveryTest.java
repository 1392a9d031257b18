package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.tracker.local.hooks.HookDeliveries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Comment and review deliveries in Gitea's shape, to a real HTTP listener: a conversation comment
 * on a pull request ({@code issue_comment} / {@code pull_request_comment}, {@code is_pull}), a
 * review requesting changes ({@code pull_request_rejected} / {@code pull_request_review_rejected}),
 * signed like every delivery; a hook that did not subscribe to them gets nothing.
 */
class PullHookDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SECRET = "s3cret-for-tests";

  private static String hook(String url, List<String> events) {
    return ApiClient.json(
        Map.of(
            "type",
            "gitea",
            "active",
            true,
            "events",
            events,
            "config",
            Map.of("url", url, "content_type", "json", "secret", SECRET)));
  }

  @Test
  void commentsAndReviewsOnAPullRequestAreDelivered(@TempDir Path dir) throws Exception {
    try (HookReceiver issuesOnly = new HookReceiver(0);
        HookReceiver reviews = new HookReceiver(0);
        TrackerFixture t = TrackerFixture.start(dir.resolve("tracker"))) {
      t.createRepo("r");
      LocalTracker.UserToken rita = t.tracker.createUser("rita");
      t.tracker.addCollaborator("admin", "r", "rita");
      try (Git git =
          GitClient.cloneRepo(
              t.url() + "/admin/r.git", dir.resolve("clone"), t.tracker.adminToken())) {
        GitClient.commitFile(git, "bzzz/task-1", "a.txt", "work");
        assertThat(GitClient.push(git, "bzzz/task-1", t.tracker.adminToken()))
            .isEqualTo(RemoteRefUpdate.Status.OK);
      }
      ApiClient.Reply pr =
          t.admin.post(
              "/repos/admin/r/pulls",
              ApiClient.json(Map.of("head", "bzzz/task-1", "base", "main", "title", "t")));
      assertThat(pr.status()).as(pr.toString()).isEqualTo(201);
      long n = pr.json().get("number").asLong();
      assertThat(
              t.admin
                  .post("/repos/admin/r/hooks", hook(issuesOnly.url(), List.of("issues")))
                  .status())
          .isEqualTo(201);
      assertThat(
              t.admin
                  .post(
                      "/repos/admin/r/hooks",
                      hook(reviews.url(), List.of("issue_comment", "pull_request_review")))
                  .status())
          .isEqualTo(201);

      assertThat(
              t.as(rita)
                  .post(
                      "/repos/admin/r/issues/" + n + "/comments",
                      ApiClient.json(Map.of("body", "@bzzz please")))
                  .status())
          .isEqualTo(201);
      HookReceiver.Received comment = reviews.next(WAIT).orElseThrow();
      assertThat(comment.header("X-Gitea-Event")).isEqualTo("issue_comment");
      assertThat(comment.header("X-Gitea-Event-Type")).isEqualTo("pull_request_comment");
      assertThat(comment.header("X-Gitea-Signature"))
          .isEqualTo(HookDeliveries.sign(SECRET, comment.body()));
      JsonNode c = JSON.readTree(comment.body());
      assertThat(c.get("action").asText()).isEqualTo("created");
      assertThat(c.get("is_pull").asBoolean()).isTrue();
      assertThat(c.get("issue").get("number").asLong()).isEqualTo(n);
      assertThat(c.get("issue").get("pull_request").isObject()).isTrue();
      assertThat(c.get("comment").get("body").asText()).isEqualTo("@bzzz please");
      assertThat(c.get("sender").get("login").asText()).isEqualTo("rita");
      assertThat(c.get("repository").get("full_name").asText()).isEqualTo("admin/r");

      ApiClient.Reply review =
          t.as(rita)
              .post(
                  "/repos/admin/r/pulls/" + n + "/reviews",
                  ApiClient.json(Map.of("event", "REQUEST_CHANGES", "body", "Please change.")));
      assertThat(review.status()).as(review.toString()).isEqualTo(200);
      HookReceiver.Received rejected = reviews.next(WAIT).orElseThrow();
      assertThat(rejected.header("X-Gitea-Event")).isEqualTo("pull_request_rejected");
      assertThat(rejected.header("X-Gitea-Event-Type")).isEqualTo("pull_request_review_rejected");
      JsonNode r = JSON.readTree(rejected.body());
      assertThat(r.get("action").asText()).isEqualTo("reviewed");
      assertThat(r.get("number").asLong()).isEqualTo(n);
      assertThat(r.get("pull_request").get("number").asLong()).isEqualTo(n);
      assertThat(r.get("review").get("type").asText()).isEqualTo("pull_request_review_rejected");
      assertThat(r.get("review").get("content").asText()).isEqualTo("Please change.");

      // an issue comment still reaches the issue_comment hook, as in Gitea
      long issue = t.createIssue("r", "plain");
      assertThat(issuesOnly.next(WAIT)).isPresent(); // its "opened"
      t.admin.post(
          "/repos/admin/r/issues/" + issue + "/comments", ApiClient.json(Map.of("body", "hi")));
      HookReceiver.Received plain = reviews.next(WAIT).orElseThrow();
      assertThat(plain.header("X-Gitea-Event-Type")).isEqualTo("issue_comment");
      assertThat(JSON.readTree(plain.body()).get("is_pull").asBoolean()).isFalse();
      assertThat(issuesOnly.next(Duration.ofMillis(500)))
          .as("the issues hook subscribed to none of these")
          .isEmpty();
    }
  }
}
