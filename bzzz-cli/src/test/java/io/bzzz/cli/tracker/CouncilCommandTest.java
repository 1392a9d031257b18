package io.bzzz.cli.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.cli.testing.AdminRepo;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bzzz council form|list|show} as real child processes against a real local tracker: no
 * agent runs, so a formed brief is labelled and listed as forming with nobody seated.
 */
class CouncilCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EXIT = Duration.ofSeconds(90);

  @TempDir static Path dir;
  static LocalTracker tracker;
  static Path tokenFile;

  @BeforeAll
  static void start() throws Exception {
    tracker = LocalTracker.start(LocalTrackerConfig.of(dir.resolve("tracker")));
    tokenFile = dir.resolve("tracker").resolve(LocalTracker.ADMIN_TOKEN_FILE);
    AdminRepo.create(tracker, "plans");
  }

  @AfterAll
  static void stop() {
    tracker.close();
  }

  private static JsonNode post(String path, String body) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(tracker.baseUrl() + path))
                  .header("Authorization", "token " + tracker.adminToken())
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      return JSON.readTree(r.body());
    }
  }

  private static int issue(String title, String body) throws Exception {
    return post(
            "/api/v1/repos/admin/plans/issues",
            JSON.writeValueAsString(Map.of("title", title, "body", body)))
        .get("number")
        .asInt();
  }

  private static ChildProcess council(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "council",
                more[0],
                "--tracker",
                tracker.baseUrl(),
                "--token-file",
                tokenFile.toString(),
                "--repo",
                "admin/plans"));
    args.addAll(List.of(more).subList(1, more.length));
    return BzzzCli.start(
        Map.of("BZZZ_HOME", dir.resolve("home").toString()), args.toArray(String[]::new));
  }

  @Test
  void aBriefIsFormedListedAndShown() throws Exception {
    int brief =
        issue(
            "Ship the widget",
            "Build it.\n\n```bzzz-council\ncore: [architect, coder]\noptional: [tester]\n```\n");
    JsonNode formed;
    try (ChildProcess p = council("form", "--issue", Integer.toString(brief))) {
      assertThat(p.awaitExit(EXIT)).as(p.describe()).isZero();
      formed = JSON.readTree(String.join("\n", p.stdoutLines()));
    }
    assertThat(formed.path("brief").asInt()).isEqualTo(brief);
    assertThat(formed.path("repository").asText()).isEqualTo("admin/plans");
    assertThat(formed.path("core_roles").toString()).contains("architect", "coder");

    try (ChildProcess p = council("list")) {
      assertThat(p.awaitExit(EXIT)).as(p.describe()).isZero();
      assertThat(p.stdoutLines()).hasSize(1);
      JsonNode listed = JSON.readTree(p.stdoutLines().getFirst());
      assertThat(listed.path("brief").asInt()).isEqualTo(brief);
      assertThat(listed.path("project").asText()).isEqualTo("Ship the widget");
    }
    try (ChildProcess p = council("show", Integer.toString(brief))) {
      assertThat(p.awaitExit(EXIT)).as(p.describe()).isZero();
      JsonNode shown = JSON.readTree(String.join("\n", p.stdoutLines()));
      assertThat(shown.path("brief").asInt()).isEqualTo(brief);
      assertThat(shown.has("subtasks")).isTrue();
    }
  }

  @Test
  void aBriefThatDoesNotReadIsRefusedAndLeftUnlabelled() throws Exception {
    int brief = issue("Broken", "```bzzz-council\ncore: [architect]\n"); // never closed
    try (ChildProcess p = council("form", "--issue", Integer.toString(brief))) {
      assertThat(p.awaitExit(EXIT)).as(p.describe()).isEqualTo(2);
      assertThat(String.join("\n", p.stderrLines())).contains("cannot be a brief", "never closed");
    }
    try (ChildProcess p = council("list")) {
      assertThat(p.awaitExit(EXIT)).as(p.describe()).isZero();
      assertThat(p.stdoutLines()).noneMatch(l -> l.contains("\"brief\":" + brief + ","));
    }
  }
}
