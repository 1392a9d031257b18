package io.bzzz.tracker.support;

import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.gitea.GiteaTracker;
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
import java.util.Optional;

/**
 * A real local tracker (SQLite, JGit, Jetty) in a temporary directory, reached only through its
 * Gitea API like any client. Repositories are created with {@code POST /api/v1/user/repos}.
 */
public final class LocalTrackerHarness implements AutoCloseable {
  private final LocalTracker tracker;
  private final Path dir;

  private LocalTrackerHarness(Path dir, LocalTracker tracker) {
    this.dir = dir;
    this.tracker = tracker;
  }

  public static LocalTrackerHarness start(Path dir) {
    try {
      return new LocalTrackerHarness(dir, LocalTracker.start(LocalTrackerConfig.of(dir)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI url() {
    return URI.create(tracker.baseUrl());
  }

  /** The tracker itself (its users and collaborators). */
  public LocalTracker tracker() {
    return tracker;
  }

  public String token() {
    return tracker.adminToken();
  }

  public Path dataDir() {
    return dir;
  }

  /** Creates {@code admin/NAME} with an initial commit on its default branch. */
  public RepoRef createRepo(String name) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(tracker.baseUrl() + "/api/v1/user/repos"))
                  .header("Authorization", "token " + token())
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"" + name + "\",\"auto_init\":true}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201) {
        throw new IllegalStateException("repo creation: " + r.statusCode() + " " + r.body());
      }
      return new RepoRef(LocalTracker.ADMIN, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A Gitea client for {@code repo}, without write pacing (local tracker, tests). */
  public GiteaTracker client(RepoRef repo) {
    return GiteaTracker.connect(connection(repo, token()));
  }

  public TrackerEndpoint connection(RepoRef repo, String token) {
    return TrackerEndpoint.of(
        url(),
        repo,
        Optional.of(Token.of(token)),
        HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO).withMaxAttempts(3));
  }

  @Override
  public void close() {
    tracker.close();
  }
}
