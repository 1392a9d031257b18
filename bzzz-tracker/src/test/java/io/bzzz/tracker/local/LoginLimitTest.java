package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.tracker.fake.TestClock;
import io.bzzz.tracker.local.auth.LoginLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password guessing against the real server is bounded: after the limit, logins for the user (or
 * from the address) get 429 with {@code Retry-After} without a password check, on the API and on
 * git; once the lock-out has passed on the injected clock, the right password works again.
 */
class LoginLimitTest {
  private static final LoginLimits LIMITS =
      new LoginLimits(3, 5, Duration.ofMinutes(10), Duration.ofMinutes(10));

  @TempDir Path dir;
  final TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));
  TrackerFixture t;

  private void start() {
    t =
        TrackerFixture.start(
            LocalTrackerConfig.of(dir.resolve("tracker")).withClock(clock).withLoginLimits(LIMITS));
    t.createRepo("g");
  }

  @AfterEach
  void stop() {
    if (t != null) {
      t.close();
    }
  }

  private void createUser(String login, String password) {
    ApiClient.Reply r =
        t.admin.post(
            "/admin/users",
            ApiClient.json(
                Map.of("username", login, "email", login + "@example.org", "password", password)));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  private ApiClient.Reply login(String user, String password) {
    return t.anonymous().withAuthorization(basic(user, password)).get("/user");
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aUserIsLockedOutAfterTooManyWrongPasswords() throws Exception {
    start();
    createUser("carol", "right-password");
    for (int i = 0; i < 3; i++) {
      assertThat(login("carol", "guess-" + i).status()).isEqualTo(401);
    }
    ApiClient.Reply locked = login("carol", "right-password");
    assertThat(locked.status()).as(locked.toString()).isEqualTo(429);
    assertThat(locked.header("Retry-After")).hasValue("600");
    assertThat(locked.json().get("message").asText()).contains("too many failed logins");

    HttpResponse<String> git =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(t.url() + "/admin/g.git/info/refs?service=git-upload-pack"))
                    .header("Authorization", basic("carol", "right-password"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(git.statusCode()).isEqualTo(429);
    assertThat(git.headers().firstValue("Retry-After")).hasValue("600");

    // Tokens are not throttled (160 random bits, one hash), and other users are not affected.
    assertThat(t.admin.get("/user").status()).isEqualTo(200);
    createUser("dave", "dave-password");
    assertThat(login("dave", "dave-password").status()).isEqualTo(200);

    clock.sleep(Duration.ofMinutes(9));
    assertThat(login("carol", "right-password").status()).isEqualTo(429);
    clock.sleep(Duration.ofMinutes(1));
    assertThat(login("carol", "right-password").status()).isEqualTo(200);
  }

  @Test
  void anAddressIsLockedOutAfterTooManyFailuresAcrossUsers() {
    start();
    createUser("erin", "erin-password");
    for (int i = 0; i < 5; i++) {
      assertThat(login("nobody-" + i, "guess").status()).isEqualTo(401);
    }
    ApiClient.Reply locked = login("erin", "erin-password");
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.header("Retry-After")).hasValue("600");
    clock.sleep(Duration.ofMinutes(10));
    assertThat(login("erin", "erin-password").status()).isEqualTo(200);
  }

  /**
   * An unknown user name is answered no faster than a wrong password for a real user, so the timing
   * does not list the users. Medians of five, compared as a ratio measured in one run (a password
   * check costs ~0.4 s here; without the dummy check the unknown user took ~1 ms).
   */
  @Test
  void anUnknownUserCostsAsMuchAsAWrongPassword() {
    t =
        TrackerFixture.start(
            LocalTrackerConfig.of(dir.resolve("tracker"))
                .withClock(clock)
                .withLoginLimits(
                    new LoginLimits(100, 100, Duration.ofMinutes(10), Duration.ofMinutes(10))));
    createUser("dave", "right-password");
    long known = medianNanos(() -> assertThat(login("dave", "wrong").status()).isEqualTo(401));
    long unknown = medianNanos(() -> assertThat(login("nobody", "wrong").status()).isEqualTo(401));
    assertThat((double) unknown / known)
        .as("unknown/known = %d/%d ns", unknown, known)
        .isGreaterThan(0.5);
  }

  private static long medianNanos(Runnable login) {
    long[] times = new long[5];
    for (int i = 0; i < times.length; i++) {
      long start = System.nanoTime();
      login.run();
      times[i] = System.nanoTime() - start;
    }
    java.util.Arrays.sort(times);
    return times[times.length / 2];
  }
}
