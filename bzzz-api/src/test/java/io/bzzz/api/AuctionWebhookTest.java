package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.runtime.TaskBoard;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TrackerEndpoint;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push pickup through the auction, end to end: three real agents with {@code --auction true} whose
 * polls are 10 minutes apart, one of them receiving the local tracker's signed {@code issues}
 * webhook. The hint opens an auction round on every agent (the receiver's own, the others' from its
 * {@code task_available}); the task is claimed once, by the agent that won the round, and no agent
 * claims it as a fallback.
 */
class AuctionWebhookTest {
  private static final String SECRET = "a-webhook-secret-for-this-test-only";

  @TempDir Path tmp;

  private static double sample(ApiServer api, String name) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      String text =
          http.send(
                  HttpRequest.newBuilder(URI.create(api.baseUrl() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return PrometheusText.parse(text).families().values().stream()
          .flatMap(f -> f.samples().stream())
          .filter(s -> s.name().equals(name))
          .mapToDouble(PrometheusText.Sample::value)
          .sum();
    }
  }

  private static long livePeers(LiveMesh.Member m) {
    return m.agent().view().peers().stream().filter(p -> p.state() == PeerTable.State.LIVE).count();
  }

  @Test
  void aWebhookHintIsAuctionedAndClaimedOnceByTheWinner() throws Exception {
    Path secret = tmp.resolve("webhook.secret");
    Files.createFile(
        secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(secret, SECRET + "\n");
    try (LiveMesh mesh = LiveMesh.start(tmp.resolve("mesh"));
        HttpClient http = HttpClient.newHttpClient()) {
      String[] common = {"poll-interval", "10m", "auction", "true", "no-review", "true"};
      LiveMesh.Member a1 =
          mesh.addAgent(
              "a1", with(common, "webhook-secret-file", secret.toString(), "http", "127.0.0.1:0"));
      LiveMesh.Member a2 = mesh.addAgent("a2", common);
      LiveMesh.Member a3 = mesh.addAgent("a3", common);
      List<LiveMesh.Member> all = List.of(a1, a2, a3);
      // each must see the other two live, or it would not auction a hint at all
      for (LiveMesh.Member m : all) {
        await().atMost(Duration.ofSeconds(60)).until(() -> livePeers(m) == 2);
      }

      String hook =
          "{\"type\":\"gitea\",\"active\":true,\"events\":[\"issues\"],\"config\":{\"url\":\""
              + a1.api().baseUrl()
              + "/api/v1/webhooks/gitea\",\"content_type\":\"json\",\"secret\":\""
              + SECRET
              + "\"}}";
      assertThat(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create(
                                  mesh.tracker().baseUrl()
                                      + "/api/v1/repos/"
                                      + LiveMesh.REPO
                                      + "/hooks"))
                          .header("Authorization", "token " + mesh.tracker().adminToken())
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(hook, StandardCharsets.UTF_8))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(201);

      long task = mesh.addScriptTask("auctioned", "auctioned.txt");
      Tracker client =
          TrackerKind.GITEA.open(
              TrackerEndpoint.of(
                  URI.create(mesh.tracker().baseUrl()),
                  RepoRef.parse(LiveMesh.REPO),
                  Optional.of(Token.of(mesh.tracker().adminToken()))));
      Claim claim =
          await()
              .atMost(Duration.ofSeconds(60)) // polls are 10 minutes apart
              .pollInterval(Duration.ofMillis(200))
              // the branch is the claim; its owner is named by the claim comment a moment later
              .until(
                  () -> client.currentClaim((int) task).filter(c -> c.owner().isPresent()),
                  Optional::isPresent)
              .orElseThrow();
      String holder = claim.owner().orElseThrow().name();
      LiveMesh.Member winner =
          all.stream().filter(m -> m.name().equals(holder)).findFirst().orElseThrow();
      // the winner's board runs it to the end; nobody else ever had it
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  winner.agent().view().tasks().stream()
                      .anyMatch(
                          e ->
                              e.task().number() == task && e.stage() == TaskBoard.Stage.COMPLETED));
      assertThat(client.currentClaim((int) task).orElseThrow().attempt()).isEqualTo(1);
      for (LiveMesh.Member m : all) {
        assertThat(sample(m.api(), "bzzz_auction_rounds_total"))
            .as("%s took part in the round", m.name())
            .isEqualTo(1);
        assertThat(sample(m.api(), "bzzz_auction_fallback_claims_total"))
            .as("%s claimed as a fallback", m.name())
            .isZero();
        assertThat(sample(m.api(), "bzzz_auction_rounds_won_total"))
            .as("%s won", m.name())
            .isEqualTo(m.name().equals(holder) ? 1 : 0);
        if (!m.name().equals(holder)) {
          assertThat(m.agent().view().tasks().stream().map(TaskBoard.Entry::task))
              .noneMatch(t -> t.number() == task);
        }
      }
    }
  }

  private static String[] with(String[] base, String... more) {
    String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, out, base.length, more.length);
    return out;
  }
}
