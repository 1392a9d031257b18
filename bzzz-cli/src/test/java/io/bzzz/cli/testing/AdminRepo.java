package io.bzzz.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.tracker.local.LocalTracker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A repository of the local tracker's admin, made through its Gitea API as a user would. */
public final class AdminRepo {
  private AdminRepo() {}

  /**
   * Creates {@code admin/<name>} with a first commit; fails the test unless the tracker says 201.
   */
  public static void create(LocalTracker tracker, String name) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(tracker.baseUrl() + "/api/v1/user/repos"))
                  .header("Authorization", "token " + tracker.adminToken())
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"" + name + "\",\"auto_init\":true}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
  }
}
