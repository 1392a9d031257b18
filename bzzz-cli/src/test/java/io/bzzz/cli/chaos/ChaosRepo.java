package io.bzzz.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chaos repository on the local tracker's data directory, reached in this JVM (loopback, before
 * and after the run, while no {@code bzzz tracker serve} holds the directory): creates the
 * repository and its script tasks, and afterwards reads every pull request.
 */
final class ChaosRepo implements AutoCloseable {
  static final String NAME = "chaos";
  static final String REPO = LocalTracker.ADMIN + "/" + NAME;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalTracker tracker;
  private final Tracker client;
  private final HttpClient http = HttpClient.newHttpClient();

  ChaosRepo(Path trackerDir) throws IOException {
    this.tracker = LocalTracker.start(LocalTrackerConfig.of(trackerDir).withListen("127.0.0.1", 0));
    // seeding is the test's own traffic: no pacing between writes
    this.client =
        TrackerKind.GITEA.open(
            TrackerEndpoint.of(
                URI.create(tracker.baseUrl()),
                RepoRef.parse(REPO),
                Optional.of(Token.of(tracker.adminToken())),
                HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO)));
  }

  /**
   * The script of task {@code n}: commits one file, then appends {@code "n $PWD"} to the shared
   * {@code executions} file as its very last step, so the file holds one line per execution that
   * ran to completion ({@code $PWD} names the agent's data directory and the attempt's work tree).
   */
  static String script(int n, Path executions) {
    return "printf 'task %d\\n' "
        + n
        + " > result-"
        + n
        + ".txt\n"
        + "printf '%s %s\\n' "
        + n
        + " \"$PWD\" >> '"
        + executions
        + "'\n";
  }

  void seed(int tasks, Path executions) {
    post("/api/v1/user/repos", "{\"name\":\"" + NAME + "\",\"auto_init\":true}");
    client.ensureLabels();
    for (int n = 1; n <= tasks; n++) {
      client.createTask(
          new NewTask(
              "Chaos task " + n,
              "```bzzz-script\n" + script(n, executions) + "```\n",
              List.of(BzzzLabels.TASK)));
    }
  }

  Tracker client() {
    return client;
  }

  /** Every pull request of the repository, open or closed, page by page. */
  List<JsonNode> pulls() {
    List<JsonNode> out = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode batch = get("/api/v1/repos/" + REPO + "/pulls?state=all&limit=50&page=" + page);
      batch.forEach(out::add);
      if (batch.size() < 50) {
        return out;
      }
    }
  }

  private JsonNode get(String path) {
    String body = send(HttpRequest.newBuilder(uri(path)).GET()).body();
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void post(String path, String json) {
    send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private URI uri(String path) {
    return URI.create(tracker.baseUrl() + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r =
          http.send(
              request.header("Authorization", "token " + tracker.adminToken()).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(r.uri() + " answered " + r.statusCode() + ": " + r.body());
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    http.close();
    client.close();
    tracker.close();
  }
}
