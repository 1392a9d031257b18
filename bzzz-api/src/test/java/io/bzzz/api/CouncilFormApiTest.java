package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.council.BriefReader;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskQuery;
import io.bzzz.tracker.TaskState;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.local.LocalTracker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/councils} files an issue on the tracker. Attacks first, on a real agent, its
 * HTTP API and the real local tracker: a caller without a token, with a made-up token, or with the
 * token of an account that may not label issues in the repository gets nothing filed as a brief,
 * and nothing is ever filed as the agent's own account. A collaborator's request forms a council
 * whose brief the tracker shows as that collaborator's.
 */
class CouncilFormApiTest {
  private static final String REQUEST =
      "{\"project_name\":\"Shop\",\"repository\":\""
          + LiveMesh.REPO
          + "\",\"core_roles\":[\"architect\",\"coder\"]}";

  @TempDir Path tmp;

  private static HttpResponse<String> post(
      HttpClient http, ApiServer api, Map<String, String> headers, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/councils"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<Task> issues(Tracker admin) {
    return admin.listTasks(new TaskQuery(TaskState.OPEN, List.of(), Set.of(), 100));
  }

  @Test
  void onlyATrackerAccountThatMayLabelIssuesCanFileABriefAndItIsFiledAsThatAccount()
      throws Exception {
    try (LiveMesh mesh = LiveMesh.start(tmp.resolve("mesh"));
        HttpClient http = HttpClient.newHttpClient()) {
      LiveMesh.Member a = mesh.addAgent("a1", "run-alone", "true");
      LocalTracker tracker = mesh.tracker();
      LocalTracker.UserToken outsider = tracker.createUser("mallory");
      LocalTracker.UserToken member = tracker.createUser("bob");
      try (Tracker admin =
              TrackerKind.GITEA.open(
                  URI.create(tracker.baseUrl()),
                  RepoRef.parse(LiveMesh.REPO),
                  Optional.of(Token.of(tracker.adminToken())));
          ApiServer api =
              ApiServer.start(
                  "127.0.0.1",
                  0,
                  a.agent().view(),
                  Optional.empty(),
                  Optional.of(a.agent().councils()))) {
        tracker.addCollaborator("admin", "demo", member.login());
        int before = issues(admin).size();

        HttpResponse<String> anonymous = post(http, api, Map.of(), REQUEST);
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        HttpResponse<String> basic =
            post(http, api, Map.of("Authorization", "Basic YWRtaW46YWRtaW4="), REQUEST);
        assertThat(basic.statusCode()).as("a password is not a token").isEqualTo(401);

        String madeUp = "0123456789abcdef0123456789abcdef01234567";
        HttpResponse<String> forged =
            post(http, api, Map.of("Authorization", "token " + madeUp), REQUEST);
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
        assertThat(forged.body()).doesNotContain(madeUp);
        assertThat(issues(admin)).as("nothing filed so far").hasSize(before);

        HttpResponse<String> unlabelled =
            post(http, api, Map.of("Authorization", "token " + outsider.token()), REQUEST);
        assertThat(unlabelled.statusCode()).as(unlabelled.body()).isEqualTo(403);
        assertThat(unlabelled.body()).doesNotContain(outsider.token());
        assertThat(issues(admin))
            .as("no brief (entry label) was filed by the outsider, and nothing as the agent")
            .noneMatch(t -> t.labels().contains(BriefReader.ENTRYPOINT))
            .allMatch(t -> !t.author().equals("admin") || t.number() <= before);

        HttpResponse<String> legit =
            post(http, api, Map.of("Authorization", "token " + member.token()), REQUEST);
        assertThat(legit.statusCode()).as(legit.body()).isEqualTo(201);
        assertThat(legit.body()).doesNotContain(member.token());
        Task brief =
            issues(admin).stream()
                .filter(t -> t.labels().contains(BriefReader.ENTRYPOINT))
                .findFirst()
                .orElseThrow();
        assertThat(brief.author())
            .as("the brief is the caller's, not the agent's")
            .isEqualTo("bob");
        assertThat(legit.body()).contains("\"brief\":" + brief.number());
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> a.agent().councils().council(LiveMesh.REPO, brief.number()).isPresent());
      }
    }
  }

  @Test
  void anObserversCouncilsAreReadOnly() throws Exception {
    io.bzzz.agent.council.CouncilWatch watch = new io.bzzz.agent.council.CouncilWatch();
    watch.observe(
        new io.bzzz.agent.council.CouncilMessage.Status(
            "3",
            "admin/demo",
            io.bzzz.agent.council.CouncilState.FORMED,
            Map.of("coder", new io.bzzz.agent.council.CouncilMessage.Member("Qm2", "a2")),
            java.util.List.of(),
            1));
    try (LiveMesh mesh = LiveMesh.start(tmp.resolve("mesh"));
        HttpClient http = HttpClient.newHttpClient()) {
      LiveMesh.Member a = mesh.addAgent("a1", "run-alone", "true");
      try (ApiServer api =
          ApiServer.start("127.0.0.1", 0, a.agent().view(), Optional.empty(), Optional.of(watch))) {
        HttpResponse<String> list =
            http.send(
                java.net.http.HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/councils"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"brief\":3").contains("a2");
        HttpResponse<String> form =
            post(
                http,
                api,
                Map.of("Authorization", "token " + mesh.tracker().adminToken()),
                REQUEST);
        assertThat(form.statusCode()).as(form.body()).isEqualTo(405);
      }
    }
  }
}
