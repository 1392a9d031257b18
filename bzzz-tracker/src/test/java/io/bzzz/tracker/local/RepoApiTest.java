package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoApiTest {
  @TempDir Path dir;
  TrackerFixture t;

  @BeforeEach
  void start() {
    t = TrackerFixture.start(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void firstStartCreatesAdminWithPrivateTokenFile() throws Exception {
    Path file = dir.resolve("admin.token");
    assertThat(Files.readString(file).strip()).isEqualTo(t.tracker.adminToken()).hasSize(40);
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    JsonNode me = t.admin.get("/user").json();
    assertThat(me.get("login").asText()).isEqualTo("admin");
    assertThat(me.get("is_admin").asBoolean()).isTrue();
  }

  @Test
  void versionIsPublic() {
    ApiClient.Reply r = t.anonymous().get("/version");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("version").asText()).startsWith("1.22");
  }

  @Test
  void createRepoWithAutoInitHasReadmeOnDefaultBranch() {
    ApiClient.Reply r =
        t.admin.post(
            "/user/repos",
            ApiClient.json(Map.of("name", "work", "description", "tasks", "auto_init", true)));
    assertThat(r.status()).isEqualTo(201);
    JsonNode repo = r.json();
    assertThat(repo.get("full_name").asText()).isEqualTo("admin/work");
    assertThat(repo.get("default_branch").asText()).isEqualTo("main");
    assertThat(repo.get("empty").asBoolean()).isFalse();
    assertThat(repo.get("private").asBoolean()).isFalse();
    assertThat(repo.get("owner").get("login").asText()).isEqualTo("admin");
    assertThat(repo.get("clone_url").asText()).isEqualTo(t.url() + "/admin/work.git");
    assertThat(repo.get("permissions").get("push").asBoolean()).isTrue();

    JsonNode main = t.admin.get("/repos/admin/work/branches/main").json();
    assertThat(main.get("commit").get("id").asText()).hasSize(40);
    assertThat(
            t.anonymous()
                .get("/repos/admin/work")
                .json()
                .get("permissions")
                .get("push")
                .asBoolean())
        .isFalse();
  }

  @Test
  void createRepoWithoutAutoInitIsEmptyWithChosenDefaultBranch() {
    ApiClient.Reply r =
        t.admin.post(
            "/user/repos", ApiClient.json(Map.of("name", "blank", "default_branch", "trunk")));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("empty").asBoolean()).isTrue();
    assertThat(r.json().get("default_branch").asText()).isEqualTo("trunk");
    assertThat(t.admin.get("/repos/admin/blank/branches").json()).isEmpty();
  }

  @Test
  void duplicateRepoIs409AndNamesIgnoreCase() {
    t.createRepo("dup");
    ApiClient.Reply r = t.admin.post("/user/repos", ApiClient.json(Map.of("name", "DUP")));
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().get("message").asText()).contains("already exists");
    assertThat(t.admin.get("/repos/ADMIN/Dup").status()).isEqualTo(200);
  }

  @Test
  void invalidRepoNamesAre422() {
    for (String name : new String[] {"", "../x", "a/b", ".hidden", "x.git", "a b", ".."}) {
      ApiClient.Reply r = t.admin.post("/user/repos", ApiClient.json(Map.of("name", name)));
      assertThat(r.status()).as(name).isEqualTo(422);
    }
    ApiClient.Reply missing = t.admin.post("/user/repos", "{}");
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.json().get("message").asText()).isNotBlank();
    assertThat(missing.json().has("url")).isTrue();
  }

  @Test
  void unknownRepoIs404WithGiteaErrorBody() {
    ApiClient.Reply r = t.admin.get("/repos/admin/nothing");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("message").asText()).isEqualTo("The target couldn't be found.");
    assertThat(t.admin.get("/repos/nobody/nothing").status()).isEqualTo(404);
  }

  @Test
  void missingOrWrongTokenIs401() {
    assertThat(t.anonymous().get("/user").status()).isEqualTo(401);
    assertThat(t.anonymous().post("/user/repos", ApiClient.json(Map.of("name", "x"))).status())
        .isEqualTo(401);
    ApiClient wrong = ApiClient.withToken(t.url(), "0".repeat(40));
    assertThat(wrong.get("/user").status()).isEqualTo(401);
    // A wrong token is refused even where anonymous reads are allowed.
    t.createRepo("pub");
    assertThat(wrong.get("/repos/admin/pub").status()).isEqualTo(401);
    assertThat(t.anonymous().get("/repos/admin/pub").status()).isEqualTo(200);
    ApiClient garbage = ApiClient.anonymous(t.url()).withAuthorization("Basic !!!");
    assertThat(garbage.get("/user").status()).isEqualTo(401);
  }

  @Test
  void privateRepoIsInvisibleWithoutAccess() {
    assertThat(
            t.admin
                .post("/user/repos", ApiClient.json(Map.of("name", "secret", "private", true)))
                .status())
        .isEqualTo(201);
    LocalTracker.UserToken bob = t.tracker.createUser("bob");
    assertThat(t.anonymous().get("/repos/admin/secret").status()).isEqualTo(404);
    assertThat(t.as(bob).get("/repos/admin/secret").status()).isEqualTo(404);
    t.tracker.addCollaborator("admin", "secret", "bob");
    assertThat(t.as(bob).get("/repos/admin/secret").status()).isEqualTo(200);
  }

  @Test
  void usersAndTokensThroughTheApi() {
    ApiClient.Reply created =
        t.admin.post(
            "/admin/users",
            ApiClient.json(
                Map.of(
                    "username", "carol", "email", "carol@example.org", "password", "s3cret-pass")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().get("login").asText()).isEqualTo("carol");

    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("carol:s3cret-pass".getBytes(StandardCharsets.UTF_8));
    ApiClient.Reply token =
        ApiClient.anonymous(t.url())
            .withAuthorization(basic)
            .post("/users/carol/tokens", ApiClient.json(Map.of("name", "agent")));
    assertThat(token.status()).as(token.toString()).isEqualTo(201);
    String sha1 = token.json().get("sha1").asText();
    assertThat(token.json().get("token_last_eight").asText()).isEqualTo(sha1.substring(32));
    assertThat(ApiClient.withToken(t.url(), sha1).get("/user").json().get("login").asText())
        .isEqualTo("carol");

    ApiClient.Reply again =
        ApiClient.anonymous(t.url())
            .withAuthorization(basic)
            .post("/users/carol/tokens", ApiClient.json(Map.of("name", "agent")));
    assertThat(again.status()).isEqualTo(409);
    String wrongPassword =
        "Basic "
            + Base64.getEncoder().encodeToString("carol:nope".getBytes(StandardCharsets.UTF_8));
    assertThat(
            ApiClient.anonymous(t.url())
                .withAuthorization(wrongPassword)
                .post("/users/carol/tokens", ApiClient.json(Map.of("name", "x")))
                .status())
        .isEqualTo(401);
    LocalTracker.UserToken dave = t.tracker.createUser("dave");
    assertThat(
            t.as(dave)
                .post("/admin/users", ApiClient.json(Map.of("username", "eve", "email", "e@x")))
                .status())
        .isEqualTo(403);
    assertThat(t.as(dave).post("/users/carol/tokens", ApiClient.json(Map.of("name", "y"))).status())
        .isEqualTo(403);
  }

  @Test
  void collaboratorsAndAssignees() {
    t.createRepo("team");
    LocalTracker.UserToken bob = t.tracker.createUser("bob");
    assertThat(
            t.admin
                .put("/repos/admin/team/collaborators/bob", "{\"permission\":\"write\"}")
                .status())
        .isEqualTo(204);
    assertThat(t.admin.get("/repos/admin/team/assignees").json())
        .extracting(n -> n.get("login").asText())
        .containsExactly("admin", "bob");
    assertThat(t.as(bob).put("/repos/admin/team/collaborators/admin", "{}").status())
        .isEqualTo(403);
    assertThat(t.admin.put("/repos/admin/team/collaborators/ghost", "{}").status()).isEqualTo(422);
  }

  @Test
  void aStaleOrMissingAdminTokenFileGetsAFreshToken() throws Exception {
    Path other = dir.resolve("second");
    String first;
    try (LocalTracker a = LocalTracker.start(LocalTrackerConfig.of(other))) {
      first = a.adminToken();
    }
    Files.writeString(other.resolve("admin.token"), "0".repeat(40) + "\n");
    String second;
    try (LocalTracker b = LocalTracker.start(LocalTrackerConfig.of(other))) {
      second = b.adminToken();
      assertThat(second).isNotEqualTo("0".repeat(40)).isNotEqualTo(first);
      assertThat(ApiClient.withToken(b.baseUrl(), second).get("/user").status()).isEqualTo(200);
      assertThat(ApiClient.withToken(b.baseUrl(), first).get("/user").status())
          .as("earlier tokens stay valid")
          .isEqualTo(200);
    }
    Files.delete(other.resolve("admin.token"));
    try (LocalTracker c = LocalTracker.start(LocalTrackerConfig.of(other))) {
      assertThat(c.adminToken()).isNotEqualTo(second);
      assertThat(Files.readString(other.resolve("admin.token")).strip()).isEqualTo(c.adminToken());
    }
  }
}
