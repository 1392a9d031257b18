package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.tracker.local.hooks.HookDeliveries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gitea's webhook API on the local tracker, delivering to a real HTTP listener: the hook's JSON
 * shape, who may manage hooks, and {@code issues} deliveries with Gitea's headers and a signature a
 * receiver can check.
 */
class HookApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SECRET = "s3cret-for-tests";

  @TempDir Path dir;

  private static String hook(String url, String secret) {
    return ApiClient.json(
        Map.of(
            "type",
            "gitea",
            "active",
            true,
            "events",
            List.of("issues"),
            "config",
            Map.of("url", url, "content_type", "json", "secret", secret)));
  }

  @Test
  void createsListsAndDeletesHooksInGiteasShapeWithoutShowingTheSecret() throws Exception {
    try (TrackerFixture t = TrackerFixture.start(dir.resolve("t"))) {
      t.createRepo("work");
      ApiClient.Reply created =
          t.admin.post("/repos/admin/work/hooks", hook("http://127.0.0.1:9/x", SECRET));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      JsonNode h = created.json();
      assertThat(h.get("type").asText()).isEqualTo("gitea");
      assertThat(h.get("config").get("url").asText()).isEqualTo("http://127.0.0.1:9/x");
      assertThat(h.get("config").get("content_type").asText()).isEqualTo("json");
      assertThat(h.get("events").toString()).isEqualTo("[\"issues\"]");
      assertThat(h.get("active").asBoolean()).isTrue();
      assertThat(created.body()).doesNotContain(SECRET);
      long id = h.get("id").asLong();

      ApiClient.Reply list = t.admin.get("/repos/admin/work/hooks");
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.json()).hasSize(1);
      assertThat(list.body()).doesNotContain(SECRET);
      assertThat(t.admin.get("/repos/admin/work/hooks/" + id).status()).isEqualTo(200);
      assertThat(t.admin.delete("/repos/admin/work/hooks/" + id).status()).isEqualTo(204);
      assertThat(t.admin.get("/repos/admin/work/hooks/" + id).status()).isEqualTo(404);
      assertThat(t.admin.delete("/repos/admin/work/hooks/" + id).status()).isEqualTo(404);
    }
  }

  @Test
  void onlyRepositoryAdminsManageHooksAndBadOptionsAre422() throws Exception {
    try (TrackerFixture t = TrackerFixture.start(dir.resolve("t"))) {
      t.createRepo("work");
      LocalTracker.UserToken bob = t.tracker.createUser("bob");
      t.tracker.addCollaborator("admin", "work", "bob"); // write, not admin
      ApiClient asBob = t.as(bob);
      assertThat(asBob.post("/repos/admin/work/hooks", hook("http://127.0.0.1:9/x", "x")).status())
          .isEqualTo(403);
      assertThat(asBob.get("/repos/admin/work/hooks").status()).isEqualTo(403);
      assertThat(t.anonymous().get("/repos/admin/work/hooks").status()).isEqualTo(401);

      String slack =
          ApiClient.json(
              Map.of(
                  "type", "slack", "config", Map.of("url", "http://x/", "content_type", "json")));
      assertThat(t.admin.post("/repos/admin/work/hooks", slack).status()).isEqualTo(422);
      String noUrl =
          ApiClient.json(Map.of("type", "gitea", "config", Map.of("content_type", "json")));
      assertThat(t.admin.post("/repos/admin/work/hooks", noUrl).status()).isEqualTo(422);
      assertThat(t.admin.post("/repos/admin/work/hooks", hook("file:///etc/passwd", "x")).status())
          .isEqualTo(422);
      assertThat(t.admin.get("/repos/admin/work/hooks").json()).isEmpty();
    }
  }

  @Test
  void deliversIssueEventsSignedAsGiteaDoesAndKeepsHooksAcrossARestart() throws Exception {
    try (HookReceiver receiver = new HookReceiver(0)) {
      try (TrackerFixture t = TrackerFixture.start(dir.resolve("t"))) {
        t.createRepo("work");
        long task = t.createLabel("work", "bzzz-task");
        assertThat(t.admin.post("/repos/admin/work/hooks", hook(receiver.url(), SECRET)).status())
            .isEqualTo(201);

        long number = t.createIssue("work", "first", task);
        HookReceiver.Received opened = receiver.next(WAIT).orElseThrow();
        assertThat(opened.header("X-Gitea-Event")).isEqualTo("issues");
        assertThat(opened.header("X-Gitea-Event-Type")).isEqualTo("issues");
        assertThat(opened.header("X-Gitea-Delivery")).isNotBlank();
        assertThat(opened.header("X-Gitea-Signature"))
            .isEqualTo(HookDeliveries.sign(SECRET, opened.body()))
            .isNotEqualTo(HookDeliveries.sign("another secret", opened.body()));
        assertThat(opened.header("X-Hub-Signature-256"))
            .isEqualTo("sha256=" + HookDeliveries.sign(SECRET, opened.body()));
        JsonNode p = JSON.readTree(opened.body());
        assertThat(p.get("action").asText()).isEqualTo("opened");
        assertThat(p.get("number").asLong()).isEqualTo(number);
        assertThat(p.get("issue").get("number").asLong()).isEqualTo(number);
        assertThat(p.get("issue").get("labels").get(0).get("name").asText()).isEqualTo("bzzz-task");
        assertThat(p.get("repository").get("full_name").asText()).isEqualTo("admin/work");
        assertThat(p.get("repository").get("owner").get("login").asText()).isEqualTo("admin");
        assertThat(p.get("sender").get("login").asText()).isEqualTo("admin");
        assertThat(new String(opened.body(), java.nio.charset.StandardCharsets.UTF_8))
            .doesNotContain(SECRET);

        long plain = t.createIssue("work", "plain");
        assertThat(JSON.readTree(receiver.next(WAIT).orElseThrow().body()).get("number").asLong())
            .isEqualTo(plain);
        ApiClient.Reply labelled =
            t.admin.post(
                "/repos/admin/work/issues/" + plain + "/labels",
                ApiClient.json(Map.of("labels", List.of(task))));
        assertThat(labelled.status()).isEqualTo(200);
        HookReceiver.Received label = receiver.next(WAIT).orElseThrow();
        assertThat(label.header("X-Gitea-Event")).isEqualTo("issues");
        assertThat(label.header("X-Gitea-Event-Type")).isEqualTo("issue_label");
        assertThat(JSON.readTree(label.body()).get("action").asText()).isEqualTo("label_updated");

        t.admin.patch(
            "/repos/admin/work/issues/" + plain, ApiClient.json(Map.of("body", "a new body")));
        assertThat(JSON.readTree(receiver.next(WAIT).orElseThrow().body()).get("action").asText())
            .isEqualTo("edited");
      }
      try (TrackerFixture again = TrackerFixture.start(dir.resolve("t"))) {
        assertThat(again.admin.get("/repos/admin/work/hooks").json()).hasSize(1);
        again.createIssue("work", "after the restart");
        assertThat(JSON.readTree(receiver.next(WAIT).orElseThrow().body()).get("action").asText())
            .isEqualTo("opened");
      }
    }
  }

  @Test
  void aFailingReceiverGetsTheSameDeliveryAgainAndTheApiDoesNotWaitForIt() throws Exception {
    try (HookReceiver failing = new HookReceiver(2);
        TrackerFixture t = TrackerFixture.start(dir.resolve("t"))) {
      t.createRepo("work");
      t.admin.post("/repos/admin/work/hooks", hook(failing.url(), SECRET));
      t.createIssue("work", "retried");
      HookReceiver.Received first = failing.next(WAIT).orElseThrow();
      HookReceiver.Received second = failing.next(WAIT).orElseThrow();
      HookReceiver.Received third = failing.next(WAIT).orElseThrow();
      assertThat(second.header("X-Gitea-Delivery")).isEqualTo(first.header("X-Gitea-Delivery"));
      assertThat(third.body()).isEqualTo(first.body());
    }
  }
}
