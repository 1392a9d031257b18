package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Arbitrary JSON request bodies sent over HTTP to every local-tracker endpoint that reads one, as
 * the admin (so they reach the body decoding, not the permission check). Each answer is a success
 * or a 4xx with a message, never a 5xx, and the server keeps serving.
 */
class JsonBodyFuzzTest {
  private static final List<String> ENDPOINTS =
      List.of(
          "POST /user/repos",
          "POST /admin/users",
          "POST /users/admin/tokens",
          "POST /repos/admin/r/labels",
          "POST /repos/admin/r/issues",
          "PATCH /repos/admin/r/issues/1",
          "POST /repos/admin/r/issues/1/comments",
          "POST /repos/admin/r/issues/1/labels",
          "PUT /repos/admin/r/issues/1/labels",
          "POST /repos/admin/r/branches",
          "POST /repos/admin/r/pulls",
          "PUT /repos/admin/r/collaborators/admin");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Path dir;
  private static TrackerFixture tracker;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("bzzz-tracker-fuzz");
    tracker = TrackerFixture.start(dir);
    tracker.createRepo("r");
    tracker.createIssue("r", "first", tracker.createLabel("r", "bzzz-task"));
  }

  @AfterAll
  static void stop() throws IOException {
    tracker.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @FuzzTest
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void postBody(FuzzedDataProvider data) throws Exception {
    String[] endpoint = data.pickValue(ENDPOINTS).split(" ");
    byte[] body = data.consumeRemainingAsBytes();
    HttpResponse<String> r =
        send(endpoint[0], endpoint[1], HttpRequest.BodyPublishers.ofByteArray(body));
    assertThat(r.statusCode())
        .as("%s %s -> %s", endpoint[0], endpoint[1], r.body())
        .isLessThan(500);
    if (r.statusCode() >= 400) {
      assertThat(r.body()).contains("\"message\"");
    }
    assertThat(send("GET", "/repos/admin/r", HttpRequest.BodyPublishers.noBody()).statusCode())
        .isEqualTo(200);
  }

  private static HttpResponse<String> send(
      String method, String path, HttpRequest.BodyPublisher body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(tracker.url() + "/api/v1" + path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("Authorization", "token " + tracker.tracker.adminToken())
            .method(method, body)
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
