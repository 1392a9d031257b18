package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local tracker records who edited an issue body or a comment and shows it as {@code
 * bzzz_edited_by}; the record survives a restart (it is in the SQLite file).
 */
class EditorRecordTest {
  @TempDir Path dir;

  @Test
  void editorsOfBodiesAndCommentsAreRecordedAndSurviveARestart() {
    long commentId;
    try (TrackerFixture t = TrackerFixture.start(dir)) {
      t.createRepo("edits");
      LocalTracker.UserToken bob = t.tracker.createUser("bob");
      LocalTracker.UserToken eve = t.tracker.createUser("eve");
      t.tracker.addCollaborator("admin", "edits", "bob");
      long n = t.createIssue("edits", "Task");
      String issue = "/repos/admin/edits/issues/" + n;

      JsonNode fresh = t.admin.get(issue).json();
      assertThat(fresh.get("bzzz_edited_by")).isEmpty();

      // A title or state change, or the same body again, is not a body edit.
      t.as(bob).patch(issue, ApiClient.json(Map.of("title", "Task 2", "state", "open")));
      t.as(bob).patch(issue, ApiClient.json(Map.of("body", "body of Task")));
      assertThat(t.admin.get(issue).json().get("bzzz_edited_by")).isEmpty();

      assertThat(t.as(bob).patch(issue, ApiClient.json(Map.of("body", "changed"))).status())
          .isEqualTo(201);
      assertThat(t.admin.patch(issue, ApiClient.json(Map.of("body", "again"))).status())
          .isEqualTo(201);
      // Not the poster and no write access: refused, nothing recorded.
      assertThat(t.as(eve).patch(issue, ApiClient.json(Map.of("body", "evil"))).status())
          .isEqualTo(403);
      JsonNode edited = t.admin.get(issue).json();
      assertThat(edited.get("body").asText()).isEqualTo("again");
      assertThat(logins(edited.get("bzzz_edited_by"))).containsExactly("bob", "admin");
      // The list view carries the same field.
      JsonNode listed = t.admin.get("/repos/admin/edits/issues?state=all").json().get(0);
      assertThat(logins(listed.get("bzzz_edited_by"))).containsExactly("bob", "admin");

      ApiClient.Reply posted =
          t.admin.post(issue + "/comments", ApiClient.json(Map.of("body", "approve")));
      commentId = posted.json().get("id").asLong();
      assertThat(posted.json().get("bzzz_edited_by")).isEmpty();
      assertThat(posted.json().get("updated_at")).isEqualTo(posted.json().get("created_at"));
      String comment = "/repos/admin/edits/issues/comments/" + commentId;
      assertThat(t.as(eve).patch(comment, ApiClient.json(Map.of("body", "x"))).status())
          .isEqualTo(403);
      assertThat(t.as(bob).patch(comment, ApiClient.json(Map.of("body", ""))).status())
          .isEqualTo(422);
      assertThat(
              t.admin.patch("/repos/admin/edits/issues/comments/999", "{\"body\":\"x\"}").status())
          .isEqualTo(404);
      ApiClient.Reply changed = t.as(bob).patch(comment, ApiClient.json(Map.of("body", "changed")));
      assertThat(changed.status()).isEqualTo(200);
      assertThat(changed.json().get("body").asText()).isEqualTo("changed");
      assertThat(logins(changed.json().get("bzzz_edited_by"))).containsExactly("bob");
    }

    try (TrackerFixture again = TrackerFixture.start(dir)) {
      JsonNode issue = again.admin.get("/repos/admin/edits/issues/1").json();
      assertThat(logins(issue.get("bzzz_edited_by"))).containsExactly("bob", "admin");
      JsonNode comment = again.admin.get("/repos/admin/edits/issues/1/comments").json().get(0);
      assertThat(comment.get("id").asLong()).isEqualTo(commentId);
      assertThat(logins(comment.get("bzzz_edited_by"))).containsExactly("bob");
    }
  }

  private static List<String> logins(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }
}
