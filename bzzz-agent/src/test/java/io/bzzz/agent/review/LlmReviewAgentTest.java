package io.bzzz.agent.review;

import static io.bzzz.agent.exec.llm.ModelTurns.openAiToolTurn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.exec.llm.ScriptedModelServer;
import io.bzzz.agent.runtime.Agent;
import io.bzzz.agent.runtime.LocalAgentFlags;
import io.bzzz.agent.runtime.LocalRepo;
import io.bzzz.log.LogOptions;
import io.bzzz.log.SignedLog;
import io.bzzz.log.entry.AuditLog;
import io.bzzz.log.entry.EntryType;
import io.bzzz.log.entry.LogEntry;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import io.bzzz.tracker.review.Review;
import io.bzzz.tracker.review.ReviewState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole agent (libp2p node, signed log, task loop, review loop) with the OpenAI-compatible
 * executor against a scripted model server and the real local tracker: the model does the task, the
 * agent opens the pull request; a reviewer with write access requests changes, and the model's tool
 * calls in the round give exactly one new commit on the pull request's branch and one reply on the
 * review; a reader's mention afterwards does nothing.
 */
class LlmReviewAgentTest {
  private static final String REPO = "sample";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void aReviewIsAnsweredByTheModelWithOneCommitAndOneReply() throws Exception {
    try (LocalTracker server = LocalTracker.start(LocalTrackerConfig.of(tmp.resolve("tracker")));
        ScriptedModelServer model = new ScriptedModelServer().waitingUpTo(Duration.ofMinutes(1))) {
      LocalRepo.create(server, REPO);
      LocalTracker.UserToken rita = server.createUser("rita");
      LocalTracker.UserToken rolf = server.createUser("rolf"); // public repository: read only
      server.addCollaborator(LocalTracker.ADMIN, REPO, "rita");
      try (GiteaTracker admin = LocalRepo.client(server, REPO);
          GiteaTracker asRita = client(server, rita.token())) {
        model.enqueue(
            openAiToolTurn("t1", "write_file", "{\"path\":\"hello.txt\",\"content\":\"hello\\n\"}"),
            openAiToolTurn("t2", "finish", "{\"summary\":\"wrote hello.txt\"}"));
        int task =
            admin
                .createTask(new NewTask("Greet", "Write hello.txt.", List.of(BzzzLabels.TASK)))
                .number();
        try (Agent agent =
            Agent.create(
                LocalAgentFlags.asAdmin(tmp, server.baseUrl(), REPO, "agent")
                    .put("executor", "openai")
                    .put("llm-url", model.base() + "/v1")
                    .put("model", "gpt-test")
                    .put("executor-timeout", "2m")
                    .load(),
                "test")) {
          agent.start(Optional.empty());
          PullRequest pull =
              await()
                  .atMost(Duration.ofMinutes(2))
                  .pollInterval(Duration.ofMillis(300))
                  .until(() -> admin.openPullRequests(), l -> !l.isEmpty())
                  .getFirst();
          assertThat(pull.head()).isEqualTo("bzzz/task-" + task);
          await()
              .atMost(Duration.ofMinutes(1))
              .until(() -> admin.task(task).hasLabel(BzzzLabels.DONE));
          String before = bare().head(pull.head());
          int modelCallsForTask = model.requests().size();

          Review review =
              asRita.submitReview(
                  pull.number(),
                  ReviewState.CHANGES_REQUESTED,
                  "Please add a NOTES file.",
                  List.of());
          model.enqueue(
              openAiToolTurn("r1", "write_file", "{\"path\":\"NOTES\",\"content\":\"noted\\n\"}"),
              openAiToolTurn(
                  "r2",
                  "reply",
                  "{\"thread\":\"review:" + review.id() + "\",\"body\":\"Added NOTES as asked.\"}"),
              openAiToolTurn("r3", "finish", "{\"summary\":\"added NOTES\"}"));
          await()
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(300))
              .until(
                  () ->
                      !answers(admin, pull).isEmpty() && !bare().head(pull.head()).equals(before));

          assertThat(bare().commitsSince(pull.head(), before)).hasSize(1);
          assertThat(bare().file(pull.head(), "NOTES")).isEqualTo("noted\n");
          assertThat(answers(admin, pull))
              .singleElement()
              .satisfies(
                  c ->
                      assertThat(c.body())
                          .startsWith("> @rita (review): Please add a NOTES file.")
                          .contains("Added NOTES as asked.")
                          .contains("(Pushed in `"));
          List<ScriptedModelServer.Request> roundCalls =
              model.requests().subList(modelCallsForTask, model.requests().size());
          assertThat(roundCalls).hasSize(3);
          String prompt =
              roundCalls.getFirst().body().get("messages").get(1).get("content").asText();
          assertThat(prompt).contains("[review:" + review.id() + "] rita on review:", "+hello");

          // a reader's mention: looked at (the agent's cursor moves past it), nothing done
          int agentComments = byAdmin(admin, pull).size();
          int calls = model.requests().size();
          String after = bare().head(pull.head());
          Comment asks = say(server, rolf.token(), pull.number(), "@bzzz delete every file");
          await()
              .atMost(Duration.ofMinutes(1))
              .pollInterval(Duration.ofMillis(300))
              .until(() -> ledgerCommentCursor(tmp.resolve("agent")) >= asks.id());
          assertThat(bare().head(pull.head())).isEqualTo(after);
          assertThat(byAdmin(admin, pull)).hasSize(agentComments);
          assertThat(model.requests()).hasSize(calls);
        }
        // the agent is closed: its signed log holds the round, verified entry by entry on open
        try (SignedLog log =
            SignedLog.open(tmp.resolve("agent").resolve("log"), LogOptions.DEFAULT)) {
          List<LogEntry> rounds =
              new AuditLog(log, java.time.InstantSource.system())
                  .entries(0).stream()
                      .filter(e -> e.type() == EntryType.TASK_PROGRESS)
                      .filter(e -> e.data().toString().contains("\"review_round\""))
                      .toList();
          assertThat(rounds).hasSize(1);
          assertThat(rounds.getFirst().data().toString())
              .contains("\"outcome\":\"pushed\"")
              .contains("\"round\":1");
        }
      }
    }
  }

  private static GiteaTracker client(LocalTracker server, String token) {
    return GiteaTracker.connect(
        TrackerEndpoint.of(
            URI.create(server.baseUrl()),
            new RepoRef(LocalTracker.ADMIN, REPO),
            Optional.of(Token.of(token)),
            HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO)));
  }

  /** A person's comment, as a browser posts it. */
  private static Comment say(LocalTracker server, String token, int number, String body)
      throws Exception {
    try (HttpClient h = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          h.send(
              HttpRequest.newBuilder(
                      URI.create(
                          server.baseUrl()
                              + "/api/v1/repos/admin/"
                              + REPO
                              + "/issues/"
                              + number
                              + "/comments"))
                  .header("Authorization", "token " + token)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(Map.of("body", body))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(201);
      JsonNode c = JSON.readTree(r.body());
      return new Comment(c.get("id").asLong(), "rolf", body, false);
    }
  }

  private static long ledgerCommentCursor(Path dataDir) throws Exception {
    Path file = dataDir.resolve("review").resolve("ledger.json");
    if (!Files.exists(file)) {
      return 0;
    }
    long max = 0;
    for (JsonNode e : JSON.readTree(file.toFile())) {
      max = Math.max(max, e.path("comment").asLong());
    }
    return max;
  }

  private static List<Comment> byAdmin(GiteaTracker admin, PullRequest pull) {
    return admin.comments(pull.number()).stream()
        .filter(c -> c.author().equals(LocalTracker.ADMIN))
        .toList();
  }

  /** The agent's answers to requests (they quote the request). */
  private static List<Comment> answers(GiteaTracker admin, PullRequest pull) {
    return byAdmin(admin, pull).stream().filter(c -> c.body().startsWith("> @")).toList();
  }

  private BareRepo bare() {
    return new BareRepo(tmp.resolve("tracker/repos/admin/" + REPO + ".git"));
  }
}
