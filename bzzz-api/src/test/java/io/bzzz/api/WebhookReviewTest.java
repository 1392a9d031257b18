package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.pickup.WebhookSignature;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.local.LocalTracker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review loop woken by webhooks, end to end: a real agent whose polls (tasks and reviews) are
 * 10 minutes apart, its HTTP API, and the local tracker delivering real signed Gitea webhooks. The
 * task comes by an {@code issues} hook; a reviewer's request on the pull request is answered only
 * once the tracker delivers a comment/review event: forged deliveries before it change nothing.
 */
class WebhookReviewTest {
  private static final String SECRET = "a-webhook-secret-for-this-test-only";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static HttpResponse<String> send(
      HttpClient http, String method, String url, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void addHook(HttpClient http, LiveMesh mesh, String endpoint, String events)
      throws Exception {
    String hook =
        "{\"type\":\"gitea\",\"active\":true,\"events\":"
            + events
            + ",\"config\":{\"url\":\""
            + endpoint
            + "\",\"content_type\":\"json\",\"secret\":\""
            + SECRET
            + "\"}}";
    assertThat(
            send(
                    http,
                    "POST",
                    mesh.tracker().baseUrl() + "/api/v1/repos/" + LiveMesh.REPO + "/hooks",
                    Map.of(
                        "Authorization",
                        "token " + mesh.tracker().adminToken(),
                        "Content-Type",
                        "application/json"),
                    hook.getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(201);
  }

  private static JsonNode get(HttpClient http, LiveMesh mesh, String path) throws Exception {
    HttpResponse<String> r =
        send(
            http,
            "GET",
            mesh.tracker().baseUrl() + "/api/v1/repos/" + LiveMesh.REPO + path,
            Map.of("Authorization", "token " + mesh.tracker().adminToken()),
            new byte[0]);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static Optional<Integer> pullOf(HttpClient http, LiveMesh mesh, String branch)
      throws Exception {
    for (JsonNode pr : get(http, mesh, "/pulls?state=all&limit=50")) {
      if (pr.path("head").path("ref").asText().equals(branch)) {
        return Optional.of(pr.path("number").asInt());
      }
    }
    return Optional.empty();
  }

  /** A comment as a person writes it (the Bzzz client marks its own comments as an agent's). */
  private static void say(
      HttpClient http, LiveMesh mesh, LocalTracker.UserToken who, int number, String body)
      throws Exception {
    String json = JSON.writeValueAsString(Map.of("body", body));
    assertThat(
            send(
                    http,
                    "POST",
                    mesh.tracker().baseUrl()
                        + "/api/v1/repos/"
                        + LiveMesh.REPO
                        + "/issues/"
                        + number
                        + "/comments",
                    Map.of(
                        "Authorization",
                        "token " + who.token(),
                        "Content-Type",
                        "application/json"),
                    json.getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void aReviewCommentDeliveredByWebhookIsAnsweredWhileForgedOnesChangeNothing() throws Exception {
    Path secret = tmp.resolve("webhook.secret");
    Files.createFile(
        secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(secret, SECRET + "\n");
    try (LiveMesh mesh = LiveMesh.start(tmp.resolve("mesh"));
        HttpClient http = HttpClient.newHttpClient()) {
      // rita writes the task and reviews it: a trusted author with write access, not the agent
      LocalTracker.UserToken rita = mesh.tracker().createUser("rita");
      mesh.tracker().addCollaborator("admin", "demo", "rita");
      Tracker asRita =
          TrackerKind.GITEA.open(
              TrackerEndpoint.of(
                  URI.create(mesh.tracker().baseUrl()),
                  RepoRef.parse(LiveMesh.REPO),
                  Optional.of(Token.of(rita.token()))));
      LiveMesh.Member a =
          mesh.addAgent(
              "a1",
              "poll-interval",
              "10m", // the review loop polls at this interval too
              "webhook-secret-file",
              secret.toString(),
              "trusted-author",
              "rita",
              "http",
              "127.0.0.1:0",
              "run-alone",
              "true");
      String endpoint = a.api().baseUrl() + "/api/v1/webhooks/gitea";
      addHook(http, mesh, endpoint, "[\"issues\"]");

      int task =
          asRita
              .createTask(
                  new NewTask(
                      "Greet",
                      "Say hello.\n\n```bzzz-script\necho hello > hello.txt\n```\n",
                      List.of(BzzzLabels.TASK)))
              .number();
      String branch = "bzzz/task-" + task;
      int pull =
          await()
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofMillis(300))
              .until(() -> pullOf(http, mesh, branch), Optional::isPresent)
              .orElseThrow();
      String before = get(http, mesh, "/branches/" + branch).path("commit").path("id").asText();

      // the request, while the tracker delivers no comment events yet
      say(
          http,
          mesh,
          rita,
          pull,
          "@bzzz add a note, please.\n\n```bzzz-script\necho reviewed > review.txt\n```\n");
      byte[] forged =
          ("{\"action\":\"created\",\"issue\":{\"number\":"
                  + pull
                  + ",\"pull_request\":{}},\"is_pull\":true,\"repository\":{\"full_name\":\""
                  + LiveMesh.REPO
                  + "\"}}")
              .getBytes(StandardCharsets.UTF_8);
      assertThat(
              send(http, "POST", endpoint, Map.of("X-Gitea-Event", "issue_comment"), forged)
                  .statusCode())
          .isEqualTo(401);
      assertThat(
              send(
                      http,
                      "POST",
                      endpoint,
                      Map.of(
                          "X-Gitea-Event",
                          "issue_comment",
                          "X-Gitea-Signature",
                          WebhookSignature.hex("not-the-secret", forged)),
                      forged)
                  .statusCode())
          .isEqualTo(401);
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  get(http, mesh, "/branches/" + branch)
                          .path("commit")
                          .path("id")
                          .asText()
                          .equals(before)
                      && asRita.comments(pull).stream().noneMatch(c -> c.author().equals("admin")));

      // now the tracker delivers comments and reviews; the reviewer insists
      addHook(http, mesh, endpoint, "[\"issue_comment\",\"pull_request_review\"]");
      say(http, mesh, rita, pull, "@bzzz ping");
      try {
        await()
            .atMost(Duration.ofSeconds(90)) // the review poll is 10 minutes away
            .pollInterval(Duration.ofMillis(300))
            .until(
                () ->
                    asRita.comments(pull).stream()
                        .anyMatch(c -> c.author().equals("admin") && c.body().contains("pushed")));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("no answer; comments: " + asRita.comments(pull), e);
      }
      assertThat(get(http, mesh, "/branches/" + branch).path("commit").path("id").asText())
          .isNotEqualTo(before);
    }
  }
}
