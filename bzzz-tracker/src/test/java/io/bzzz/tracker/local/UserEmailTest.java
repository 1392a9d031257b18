package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** E-mail addresses in user JSON: shown to the user and to site admins, "" to everyone else. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserEmailTest {
  TrackerFixture t;
  LocalTracker.UserToken bob;
  LocalTracker.UserToken eve;

  @BeforeAll
  void start(@TempDir Path dir) {
    t = TrackerFixture.start(dir.resolve("tracker"));
    bob = t.tracker.createUser("bob");
    eve = t.tracker.createUser("eve");
    t.createRepo("g");
    t.createIssue("g", "an issue");
  }

  @AfterAll
  void stop() {
    t.close();
  }

  @Test
  void usersEndpointHidesTheAddressFromOthers() {
    assertThat(t.anonymous().get("/users/bob").json().get("email").asText()).isEmpty();
    assertThat(t.as(eve).get("/users/bob").json().get("email").asText()).isEmpty();
    assertThat(t.as(bob).get("/users/bob").json().get("email").asText()).isEqualTo("bob@localhost");
    assertThat(t.admin.get("/users/bob").json().get("email").asText()).isEqualTo("bob@localhost");
    assertThat(t.as(bob).get("/user").json().get("email").asText()).isEqualTo("bob@localhost");
  }

  @Test
  void embeddedUsersAreHiddenToo() {
    var issue = t.anonymous().get("/repos/admin/g/issues/1").json();
    assertThat(issue.get("user").get("login").asText()).isEqualTo("admin");
    assertThat(issue.get("user").get("email").asText()).isEmpty();
    var repo = t.as(eve).get("/repos/admin/g").json();
    assertThat(repo.get("owner").get("email").asText()).isEmpty();
    assertThat(t.admin.get("/repos/admin/g").json().get("owner").get("email").asText())
        .isEqualTo("admin@localhost");
    assertThat(t.anonymous().get("/repos/admin/g/assignees").body()).doesNotContain("@localhost");
  }

  @Test
  void createdUsersAreShownToTheAdminWhoCreatedThem() {
    ApiClient.Reply r =
        t.admin.post(
            "/admin/users",
            ApiClient.json(Map.of("username", "frank", "email", "frank@example.org")));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("email").asText()).isEqualTo("frank@example.org");
  }
}
