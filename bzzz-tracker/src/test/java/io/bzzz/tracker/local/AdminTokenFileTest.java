package io.bzzz.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin token from a file (a compose or Kubernetes secret): the agents get the same file and
 * can start before the tracker first runs. A real tracker on a real SQLite file.
 */
class AdminTokenFileTest {
  private static final String SECRET =
      "3f6c0a4e9b2d8c1f7a5e3b9d0c2f4a6e8b1d3f5a7c9e0b2d4f6a8c0e2b4d6f8a";
  private static final String ROTATED =
      "a8f6d4b2e0c8a6f4d2b0e9c7a5f3d1b8e6a4c2f0d8b6e4a2c0f9d7b5e3a1c6f3";

  @TempDir Path tmp;

  @Test
  void theFilesTokenIsTheAdminsAcrossRestartsAndRotatingItRevokesTheOldOne() throws Exception {
    Path data = tmp.resolve("tracker");
    Path secret = Files.writeString(tmp.resolve("secret"), SECRET + "\n");
    try (LocalTracker tracker = start(data, secret)) {
      assertThat(login(tracker, SECRET)).isEqualTo("admin");
      // the minted admin.token keeps working beside it
      assertThat(login(tracker, tracker.adminToken())).isEqualTo("admin");
    }
    try (LocalTracker tracker = start(data, secret)) {
      assertThat(login(tracker, SECRET)).isEqualTo("admin");
    }
    Files.writeString(secret, ROTATED);
    try (LocalTracker tracker = start(data, secret)) {
      assertThat(login(tracker, ROTATED)).isEqualTo("admin");
      assertThat(ApiClient.withToken(tracker.baseUrl(), SECRET).get("/user").status())
          .isEqualTo(401);
    }
  }

  @Test
  void aGuessableOrMissingFileStopsTheStartWithoutShowingItAndKeepsTheOldToken() throws Exception {
    Path data = tmp.resolve("tracker");
    Path secret = Files.writeString(tmp.resolve("secret"), SECRET);
    start(data, secret).close();
    // the secret rotated to a guessable one: refused, and the old secret still opens the tracker
    Path weak = Files.writeString(tmp.resolve("weak"), "letmein-letmein");
    assertThatThrownBy(() -> start(data, weak))
        .hasMessageContaining("admin token file " + weak)
        .hasMessageContaining("32 to 255 visible ASCII characters")
        .hasMessageNotContaining("letmein");
    assertThatThrownBy(() -> start(data, tmp.resolve("absent")))
        .hasMessageContaining("cannot read the admin token file " + tmp.resolve("absent"));
    try (LocalTracker tracker = LocalTracker.start(LocalTrackerConfig.of(data))) {
      assertThat(login(tracker, tracker.adminToken())).isEqualTo("admin");
      assertThat(login(tracker, SECRET)).isEqualTo("admin");
      assertThat(ApiClient.withToken(tracker.baseUrl(), "letmein-letmein").get("/user").status())
          .isEqualTo(401);
    }
  }

  private static LocalTracker start(Path data, Path secret) throws Exception {
    return LocalTracker.start(LocalTrackerConfig.of(data).withAdminTokenFile(secret));
  }

  private static String login(LocalTracker tracker, String token) throws Exception {
    ApiClient.Reply reply = ApiClient.withToken(tracker.baseUrl(), token).get("/user");
    assertThat(reply.status()).as("GET /user").isEqualTo(200);
    return reply.json().path("login").asText();
  }
}
