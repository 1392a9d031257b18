package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.local.LocalTracker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The set-up several runtime tests share: a repository of the admin on a real local tracker, with
 * Bzzz's labels, and an unpaced admin client of it.
 */
public final class LocalRepo {
  private LocalRepo() {}

  public static GiteaTracker client(LocalTracker server, String repo) {
    return GiteaTracker.connect(
        TrackerEndpoint.of(
            URI.create(server.baseUrl()),
            new RepoRef(LocalTracker.ADMIN, repo),
            Optional.of(Token.of(server.adminToken())),
            HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO)));
  }

  public static void create(LocalTracker server, String repo) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/user/repos"))
                  .header("Authorization", "token " + server.adminToken())
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"" + repo + "\",\"auto_init\":true}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
    try (GiteaTracker admin = client(server, repo)) {
      admin.ensureLabels();
    }
  }
}
