package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad requests get clear errors, change nothing, and leave the server serving. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  private static final int LIMIT = 8 * 1024;

  TrackerFixture t;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start(@TempDir Path dir) {
    t = TrackerFixture.start(LocalTrackerConfig.of(dir).withMaxBodyBytes(LIMIT));
    t.createRepo("r");
    t.createRepo("m");
  }

  @AfterAll
  void stop() {
    t.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"title\":",
        "not json",
        "[1,2]",
        "{\"title\":{\"nested\":true}}",
        "{\"title\":\"a\"} trailing",
        "null"
      })
  void malformedJsonIs422AndCreatesNothing(String body) {
    ApiClient.Reply r = t.admin.post("/repos/admin/m/issues", body);
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.json().get("message").asText()).isNotBlank();
    assertThat(r.json().get("url").asText()).isEqualTo(t.url() + "/api/swagger");
    assertThat(t.admin.get("/repos/admin/m/issues?state=all").json()).isEmpty();
  }

  @Test
  void emptyBodyIs422() {
    assertThat(t.admin.post("/repos/admin/r/labels", "").status()).isEqualTo(422);
  }

  @Test
  void oversizedBodyIs413WithOrWithoutContentLength() throws Exception {
    String big = "{\"title\":\"big\",\"body\":\"" + "x".repeat(LIMIT) + "\"}";
    ApiClient.Reply declared = t.admin.post("/repos/admin/r/issues", big);
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.json().get("message").asText()).contains("larger than");

    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create(t.url() + "/api/v1/repos/admin/r/issues"))
            .header("Authorization", "token " + t.tracker.adminToken())
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
            .build();
    HttpResponse<String> r = http.send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);

    assertThat(t.admin.get("/repos/admin/r/issues?state=all").json()).isEmpty();
    assertThat(t.admin.get("/version").status()).as("still serving").isEqualTo(200);
    String fits = "{\"title\":\"fits\",\"body\":\"" + "x".repeat(LIMIT / 2) + "\"}";
    assertThat(t.admin.post("/repos/admin/r/issues", fits).status()).isEqualTo(201);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/repos/..%2F..%2Fetc/passwd/issues",
        "/repos/admin/..%2F..%2Fadmin%2Fr/issues",
        "/repos/admin/r%2F..%2F..%2Fx/issues",
        "/repos/admin/.git/issues",
        "/repos/admin/r.git/issues",
        "/repos/admin/%2e%2e/issues",
        "/repos/%2e%2e/r/issues",
        "/repos/admin/r%00/issues",
        "/repos/admin/..%5c..%5cx/issues",
      })
  void pathTraversalInOwnerOrRepoIsRefused(String path) throws Exception {
    // Jetty closes the connection after a 400, so each request gets a client of its own.
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(t.url() + "/api/v1" + path))
                    .header("Authorization", "token " + t.tracker.adminToken())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isIn(400, 404);
    assertThat(r.body())
        .as("errors are JSON, not HTML pages")
        .startsWith("{\"")
        .contains("\"message\"");
    HttpResponse<String> post =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(t.url() + "/api/v1" + path))
                    .header("Authorization", "token " + t.tracker.adminToken())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).as(path).isIn(400, 404);
  }

  @Test
  void unknownRepositoryIs404OnEverySubresource() {
    for (String sub :
        new String[] {
          "", "/issues", "/issues/1", "/labels", "/branches", "/pulls", "/issues/1/comments"
        }) {
      assertThat(t.admin.get("/repos/admin/none" + sub).status()).as(sub).isEqualTo(404);
    }
    assertThat(t.admin.post("/repos/admin/none/issues", "{\"title\":\"x\"}").status())
        .isEqualTo(404);
  }

  @Test
  void unknownRoutesAre404AndWrongMethods405() {
    assertThat(t.admin.get("/nope").status()).isEqualTo(404);
    assertThat(t.admin.get("/repos/admin/r/issues/1/unknown").status()).isEqualTo(404);
    assertThat(t.admin.delete("/repos/admin/r").status()).isEqualTo(405);
    assertThat(t.admin.get("/repos/admin/r/issues/0").status()).isEqualTo(404);
    assertThat(t.admin.get("/repos/admin/r/issues/-1").status()).isEqualTo(404);
    assertThat(t.admin.get("/repos/admin/r/issues/99999999999999999999").status()).isEqualTo(404);
  }
}
