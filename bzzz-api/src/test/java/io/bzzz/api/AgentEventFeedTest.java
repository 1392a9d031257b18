package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.runtime.TaskBoard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event feed and the mesh snapshot of real agents (assembled in this JVM, real libp2p on
 * loopback, a real local tracker, real git): a peer joining, and one task from claim to pull
 * request, seen live and in order.
 */
class AgentEventFeedTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theFeedShowsAPeerJoiningAndATaskFromClaimToPullRequestInOrder(@TempDir Path dir)
      throws Exception {
    try (LiveMesh mesh = LiveMesh.start(dir)) {
      LiveMesh.Member a = mesh.addAgent("agent-a");
      try (SseClient feedA = SseClient.open(a.api().baseUrl())) {
        SseClient.Event first = feedA.next(WAIT).orElseThrow();
        assertThat(first.event()).isEqualTo("snapshot");
        assertThat(first.data().path("agent").path("name").asText()).isEqualTo("agent-a");
        assertThat(first.data().path("peers")).isEmpty();

        LiveMesh.Member b = mesh.addAgent("agent-b");
        String bId = b.agent().peerId();
        feedA.await(
            e ->
                e.event().equals("peer")
                    && e.data().path("peer_id").asText().equals(bId)
                    && e.data().path("state").asText().equals("live"),
            WAIT);
        feedA.await(
            e ->
                e.event().equals("message")
                    && e.data().path("direction").asText().equals("received")
                    && e.data().path("type").asText().equals("capability_broadcast")
                    && e.data().path("from").asText().equals(bId),
            WAIT);

        try (SseClient feedB = SseClient.open(b.api().baseUrl())) {
          assertThat(feedB.next(WAIT).orElseThrow().event()).isEqualTo("snapshot");
          long number = mesh.addScriptTask("Write the feed note", "feed-note.txt");

          await().atMost(WAIT).until(() -> owner(mesh, number).isPresent());
          LiveMesh.Member owner = owner(mesh, number).orElseThrow();
          LiveMesh.Member other = owner.equals(a) ? b : a;
          SseClient ownerFeed = owner.equals(a) ? feedA : feedB;
          SseClient otherFeed = owner.equals(a) ? feedB : feedA;

          // The owner's feed: the task's stages, its log appends and what it published, in the
          // order the agent did them.
          ownerFeed.await(
              e ->
                  e.event().equals("message")
                      && e.data().path("direction").asText().equals("sent")
                      && e.data().path("type").asText().equals("task_completed"),
              WAIT);
          List<String> story = new ArrayList<>();
          List<Long> logLengths = new ArrayList<>();
          long lastSeq = 0;
          for (SseClient.Event e : ownerFeed.seen()) {
            if (!e.event().equals("snapshot")) {
              assertThat(Long.parseLong(e.id())).as("sequence").isGreaterThan(lastSeq);
              lastSeq = Long.parseLong(e.id());
            }
            JsonNode d = e.data();
            switch (e.event()) {
              case "task" -> {
                if (d.path("task").path("number").asLong() == number) {
                  story.add("stage " + d.path("stage").asText());
                }
              }
              case "log" -> {
                logLengths.add(d.path("length").asLong());
                story.add("log " + d.path("entry_type").asText());
              }
              case "message" -> {
                if (d.path("direction").asText().equals("sent")
                    && d.path("task").path("number").asLong() == number) {
                  story.add("sent " + d.path("type").asText());
                }
              }
              default -> {}
            }
          }
          assertThat(story)
              .containsSubsequence(
                  "stage claimed",
                  "log task_claimed",
                  "log plan_proposed",
                  "sent task_claimed",
                  "sent meta_discussion",
                  "stage running",
                  "sent task_progress",
                  "stage completed",
                  "log task_completed",
                  "sent task_completed");
          for (int i = 1; i < logLengths.size(); i++) {
            assertThat(logLengths.get(i)).as("log length").isEqualTo(logLengths.get(i - 1) + 1);
          }
          SseClient.Event completed =
              ownerFeed.seen().stream()
                  .filter(e -> isTask(e, number, "completed"))
                  .findFirst()
                  .orElseThrow();
          assertThat(completed.data().path("pull_request").asText()).contains("/pulls/");

          // The other agent heard the claim, then the completion, from the owner.
          String ownerId = owner.agent().peerId();
          otherFeed.await(e -> isReceived(e, "task_claimed", ownerId, number), WAIT);
          otherFeed.await(e -> isReceived(e, "task_completed", ownerId, number), WAIT);

          // The mesh snapshot agrees: the other agent is a connected live peer with its API,
          // both are in the coordination topic's mesh, the task is completed here.
          JsonNode snapshot = mesh(owner);
          assertThat(snapshot.path("agent").path("status").asText()).isEqualTo("ready");
          JsonNode peer = snapshot.path("peers").get(0);
          assertThat(peer.path("peer_id").asText()).isEqualTo(other.agent().peerId());
          assertThat(peer.path("state").asText()).isEqualTo("live");
          assertThat(peer.path("connected").asBoolean()).isTrue();
          assertThat(peer.path("api").asText()).isEqualTo(other.api().healthUrl());
          assertThat(snapshot.path("connections").findValuesAsText("peer_id"))
              .contains(other.agent().peerId());
          await()
              .atMost(WAIT)
              .until(
                  () ->
                      mesh(owner)
                          .path("topics")
                          .path("bzzz/coordination/v1")
                          .toString()
                          .contains(other.agent().peerId()));
          assertThat(snapshot.path("tasks").get(0).path("stage").asText()).isEqualTo("completed");
        }
      }
    }
  }

  private static Optional<LiveMesh.Member> owner(LiveMesh mesh, long number) {
    return mesh.members().stream()
        .filter(
            m ->
                m.agent().view().tasks().stream()
                    .anyMatch(
                        t -> t.task().number() == number && t.stage() == TaskBoard.Stage.COMPLETED))
        .findFirst();
  }

  private static boolean isTask(SseClient.Event e, long number, String stage) {
    return e.event().equals("task")
        && e.data().path("task").path("number").asLong() == number
        && e.data().path("stage").asText().equals(stage);
  }

  private static boolean isReceived(SseClient.Event e, String type, String from, long number) {
    return e.event().equals("message")
        && e.data().path("direction").asText().equals("received")
        && e.data().path("type").asText().equals(type)
        && e.data().path("from").asText().equals(from)
        && e.data().path("task").path("number").asLong() == number;
  }

  private static JsonNode mesh(LiveMesh.Member m) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(m.api().baseUrl() + "/api/v1/mesh")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      return JSON.readTree(r.body());
    }
  }
}
