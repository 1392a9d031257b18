package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gitea's review, reaction, permission and merge endpoints with their status codes: a review of
 * one's own pull request is refused, reactions answer 201 then 200, a non-admin asks only about
 * itself, a merge lands a merge commit once and then answers 405.
 */
class ReviewApiTest {
  @Test
  void reviewsReactionsPermissionsAndMerge(@TempDir Path dir) throws Exception {
    try (TrackerFixture t = TrackerFixture.start(dir.resolve("tracker"))) {
      t.createRepo("r");
      LocalTracker.UserToken rita = t.tracker.createUser("rita");
      t.tracker.addCollaborator("admin", "r", "rita");
      LocalTracker.UserToken rolf = t.tracker.createUser("rolf");
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
      String reviews = "/repos/admin/r/pulls/" + n + "/reviews";

      ApiClient.Reply own =
          t.admin.post(reviews, ApiClient.json(Map.of("event", "REQUEST_CHANGES", "body", "x")));
      assertThat(own.status()).as(own.toString()).isEqualTo(422);
      assertThat(t.as(rita).post(reviews, ApiClient.json(Map.of("event", "MAYBE"))).status())
          .isEqualTo(422);
      ApiClient.Reply review =
          t.as(rita)
              .post(
                  reviews,
                  ApiClient.json(
                      Map.of(
                          "event",
                          "REQUEST_CHANGES",
                          "body",
                          "Please change.",
                          "comments",
                          List.of(Map.of("path", "a.txt", "body", "here", "new_position", 1)))));
      assertThat(review.status()).as(review.toString()).isEqualTo(200);
      assertThat(review.json().get("state").asText()).isEqualTo("REQUEST_CHANGES");
      assertThat(review.json().get("comments_count").asInt()).isEqualTo(1);
      long reviewId = review.json().get("id").asLong();
      ApiClient.Reply lines = t.admin.get(reviews + "/" + reviewId + "/comments");
      assertThat(lines.json().get(0).get("path").asText()).isEqualTo("a.txt");
      assertThat(lines.json().get(0).get("position").asInt()).isEqualTo(1);
      long lineId = lines.json().get(0).get("id").asLong();
      // line comments are not conversation comments
      assertThat(t.admin.get("/repos/admin/r/issues/" + n + "/comments").json()).isEmpty();

      String reactions = "/repos/admin/r/issues/comments/" + lineId + "/reactions";
      assertThat(t.admin.post(reactions, "{\"content\":\"eyes\"}").status()).isEqualTo(201);
      assertThat(t.admin.post(reactions, "{\"content\":\"eyes\"}").status()).isEqualTo(200);
      assertThat(t.admin.post(reactions, "{\"content\":\"shrug\"}").status()).isEqualTo(403);
      assertThat(t.admin.get(reactions).json()).hasSize(1);

      String perm = "/repos/admin/r/collaborators/";
      assertThat(t.admin.get(perm + "rita/permission").json().get("permission").asText())
          .isEqualTo("write");
      assertThat(t.admin.get(perm + "rolf/permission").json().get("permission").asText())
          .isEqualTo("read");
      assertThat(t.admin.get(perm + "ghost/permission").status()).isEqualTo(404);
      assertThat(t.as(rolf).get(perm + "rita/permission").status()).isEqualTo(403);
      assertThat(t.as(rolf).get(perm + "rolf/permission").status()).isEqualTo(200);

      String merge = "/repos/admin/r/pulls/" + n + "/merge";
      assertThat(t.as(rolf).post(merge, "{\"Do\":\"merge\"}").status()).isEqualTo(403);
      assertThat(t.admin.get(merge).status()).isEqualTo(404);
      assertThat(t.as(rita).post(merge, "{\"Do\":\"merge\"}").status()).isEqualTo(200);
      assertThat(t.admin.get(merge).status()).isEqualTo(204);
      assertThat(t.as(rita).post(merge, "{\"Do\":\"merge\"}").status()).isEqualTo(405);
      ApiClient.Reply after = t.admin.get("/repos/admin/r/pulls/" + n);
      assertThat(after.json().get("merged").asBoolean()).isTrue();
      assertThat(after.json().get("state").asText()).isEqualTo("closed");
    }
  }
}
