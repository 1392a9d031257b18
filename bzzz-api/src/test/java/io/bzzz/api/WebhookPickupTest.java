package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.pickup.WebhookSignature;
import io.bzzz.agent.runtime.TaskBoard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push pickup end to end: a real agent polling only every 10 minutes, its HTTP API, and the local
 * tracker delivering a real Gitea webhook. The task is claimed within seconds; forged deliveries
 * before it (no signature, another secret) change nothing; without a secret the endpoint is off.
 */
class WebhookPickupTest {
  private static final String SECRET = "a-webhook-secret-for-this-test-only";

  @TempDir Path tmp;

  private static int post(HttpClient http, String url, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static double sample(ApiServer api, String name, Map<String, String> labels)
      throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      String text =
          http.send(
                  HttpRequest.newBuilder(URI.create(api.baseUrl() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return PrometheusText.parse(text).families().values().stream()
          .flatMap(f -> f.samples().stream())
          .filter(
              s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
          .mapToDouble(PrometheusText.Sample::value)
          .sum();
    }
  }

  @Test
  void aNewIssueIsClaimedWithinSecondsWhilePollingWaitsTenMinutes() throws Exception {
    Path secret = tmp.resolve("webhook.secret");
    Files.createFile(
        secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(secret, SECRET + "\n");
    try (LiveMesh mesh = LiveMesh.start(tmp.resolve("mesh"));
        HttpClient http = HttpClient.newHttpClient()) {
      LiveMesh.Member a =
          mesh.addAgent(
              "a1",
              "poll-interval",
              "10m",
              "webhook-secret-file",
              secret.toString(),
              "http",
              "127.0.0.1:0",
              "run-alone",
              "true");
      // the first poll (at start) has listed the repository; the next one is 10 minutes away
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  sample(
                          a.api(),
                          "bzzz_tracker_request_duration_seconds_count",
                          Map.of("method", "GET", "route", "issues"))
                      > 0);
      long untouched = mesh.addScriptTask("only forged deliveries name this one", "forged.txt");

      String endpoint = a.api().baseUrl() + "/api/v1/webhooks/gitea";
      byte[] forged =
          ("{\"action\":\"opened\",\"number\":"
                  + untouched
                  + ",\"issue\":{\"number\":"
                  + untouched
                  + ",\"state\":\"open\",\"labels\":[{\"name\":\"bzzz-task\"}]},"
                  + "\"repository\":{\"full_name\":\""
                  + LiveMesh.REPO
                  + "\"}}")
              .getBytes(StandardCharsets.UTF_8);
      assertThat(post(http, endpoint, Map.of("X-Gitea-Event", "issues"), forged)).isEqualTo(401);
      assertThat(
              post(
                  http,
                  endpoint,
                  Map.of(
                      "X-Gitea-Event",
                      "issues",
                      "X-Gitea-Signature",
                      WebhookSignature.hex("not-the-secret", forged)),
                  forged))
          .isEqualTo(401);
      assertThat(
              post(
                  http,
                  endpoint,
                  Map.of("X-Gitea-Event", "issues", "X-Gitea-Signature", "zz"),
                  "{".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(401);
      try (ApiServer plain = ApiServer.start("127.0.0.1", 0, a.agent().view())) {
        String signed = WebhookSignature.hex(SECRET, forged);
        assertThat(
                post(
                    http,
                    plain.baseUrl() + "/api/v1/webhooks/gitea",
                    Map.of("X-Gitea-Event", "issues", "X-Gitea-Signature", signed),
                    forged))
            .as("no webhook receiver: the endpoint does not exist")
            .isEqualTo(404);
      }

      String hook =
          "{\"type\":\"gitea\",\"active\":true,\"events\":[\"issues\"],\"config\":{\"url\":\""
              + endpoint
              + "\",\"content_type\":\"json\",\"secret\":\""
              + SECRET
              + "\"}}";
      assertThat(
              post(
                  http,
                  mesh.tracker().baseUrl() + "/api/v1/repos/" + LiveMesh.REPO + "/hooks",
                  Map.of(
                      "Authorization",
                      "token " + mesh.tracker().adminToken(),
                      "Content-Type",
                      "application/json"),
                  hook.getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(201);

      long task = mesh.addScriptTask("picked up by the webhook", "pushed.txt");
      await()
          .atMost(Duration.ofSeconds(60)) // the poll interval is 10 minutes
          .until(() -> a.agent().view().tasks().stream().anyMatch(e -> e.task().number() == task));
      assertThat(a.agent().view().tasks().stream().map(TaskBoard.Entry::task))
          .noneMatch(t -> t.number() == untouched);
      assertThat(sample(a.api(), "bzzz_task_pickup_seconds_count", Map.of("path", "webhook")))
          .isEqualTo(1);
      assertThat(
              sample(
                  a.api(),
                  "bzzz_webhook_deliveries_total",
                  Map.of("source", "gitea", "result", "bad_signature")))
          .isEqualTo(2);
      assertThat(
              sample(
                  a.api(),
                  "bzzz_webhook_deliveries_total",
                  Map.of("source", "gitea", "result", "accepted")))
          .isPositive();
      assertThat(Optional.of(a.agent().view().metrics().tasks().trackerPolls()))
          .contains(1L); // no poll brought it: the only poll ran before the task existed
    }
  }
}
