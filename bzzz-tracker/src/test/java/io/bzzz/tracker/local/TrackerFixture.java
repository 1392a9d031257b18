package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** A running local tracker in a temporary directory, with an admin client, for API tests. */
final class TrackerFixture implements AutoCloseable {
  final Path dir;
  final LocalTracker tracker;
  final ApiClient admin;

  private TrackerFixture(Path dir, LocalTracker tracker) {
    this.dir = dir;
    this.tracker = tracker;
    this.admin = ApiClient.withToken(tracker.baseUrl(), tracker.adminToken());
  }

  static TrackerFixture start(Path dir) {
    return start(LocalTrackerConfig.of(dir));
  }

  static TrackerFixture start(LocalTrackerConfig config) {
    try {
      return new TrackerFixture(config.dataDir(), LocalTracker.start(config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return tracker.baseUrl();
  }

  ApiClient anonymous() {
    return ApiClient.anonymous(url());
  }

  ApiClient as(LocalTracker.UserToken user) {
    return ApiClient.withToken(url(), user.token());
  }

  /** Creates {@code admin/<name>} with an initial commit on main. */
  void createRepo(String name) {
    ApiClient.Reply r =
        admin.post("/user/repos", ApiClient.json(Map.of("name", name, "auto_init", true)));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  long createLabel(String repo, String name) {
    ApiClient.Reply r =
        admin.post(
            "/repos/admin/" + repo + "/labels",
            ApiClient.json(Map.of("name", name, "color", "#ee0701")));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("id").asLong();
  }

  long createIssue(String repo, String title, long... labels) {
    ApiClient.Reply r =
        admin.post(
            "/repos/admin/" + repo + "/issues",
            ApiClient.json(Map.of("title", title, "body", "body of " + title, "labels", labels)));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("number").asLong();
  }

  @Override
  public void close() {
    tracker.close();
  }
}
