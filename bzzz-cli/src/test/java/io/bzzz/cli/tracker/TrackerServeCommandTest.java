package io.bzzz.cli.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bzzz tracker serve} as a real process: its stdout contract, SIGTERM, and SIGKILL. */
class TrackerServeCommandTest {
  private static final Duration START = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  private record Reply(int status, JsonNode json) {}

  private Reply send(String method, String url, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "token " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
  }

  @Test
  void printsItsUrlWritesTheAdminTokenAndExitsZeroOnSigterm() throws Exception {
    Path data = dir.resolve("tracker");
    try (ChildProcess serve =
        BzzzCli.start("tracker", "serve", "--listen", "127.0.0.1:0", "--data", data.toString())) {
      String url = serve.awaitLineStartingWith("http://", START);
      assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(serve.stdoutLines()).containsExactly(url);

      Path tokenFile = data.resolve("admin.token");
      assertThat(Files.getPosixFilePermissions(tokenFile))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      String token = Files.readString(tokenFile).strip();
      Reply me = send("GET", url + "/api/v1/user", token, null);
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.json().get("login").asText()).isEqualTo("admin");
      assertThat(String.join("\n", serve.stderrLines())).doesNotContain(token);

      serve.terminate();
      assertThat(serve.awaitExit(Duration.ofSeconds(60))).isZero();
      assertThat(serve.stdoutLines()).containsExactly(url);
      assertThat(String.join("\n", serve.stderrLines())).doesNotContain(token);
    }
  }

  /**
   * {@code --admin-token-file}: a file others can read works with a warning that names the file,
   * not the token; a guessable token stops the tracker in one line that does not show it either.
   */
  @Test
  void anAdminTokenFileOthersCanReadWarnsAndAGuessableOneIsOneClearLine() throws Exception {
    String secret = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    Path open = Files.writeString(dir.resolve("open.token"), secret + "\n");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    try (ChildProcess serve =
        BzzzCli.start(
            "tracker",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--data",
            dir.resolve("tracker").toString(),
            "--admin-token-file",
            open.toString())) {
      String url = serve.awaitLineStartingWith("http://", START);
      assertThat(send("GET", url + "/api/v1/user", secret, null).json().get("login").asText())
          .isEqualTo("admin");
      assertThat(serve.stderrLines())
          .anyMatch(
              l ->
                  l.startsWith("bzzz tracker serve: warning: admin token file " + open)
                      && l.contains("(mode 0644)"));
      assertThat(String.join("\n", serve.stderrLines())).doesNotContain(secret);
      serve.terminate();
      assertThat(serve.awaitExit(Duration.ofSeconds(60))).isZero();
    }

    Path weak = Files.writeString(dir.resolve("weak.token"), "hunter2");
    Files.setPosixFilePermissions(weak, PosixFilePermissions.fromString("rw-------"));
    try (ChildProcess serve =
        BzzzCli.start(
            "tracker",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--data",
            dir.resolve("tracker").toString(),
            "--admin-token-file",
            weak.toString())) {
      assertThat(serve.awaitExit(START)).isEqualTo(1);
      // (the JVM's own native-access warnings aside: sqlite has loaded by then)
      assertThat(
              serve.stderrLines().stream().filter(l -> !l.startsWith("WARNING: ") && !l.isBlank()))
          .containsExactly(
              "bzzz tracker serve: admin token file "
                  + weak
                  + ": a token must be 32 to 255 visible ASCII characters"
                  + " (for example: openssl rand -hex 32)");
      assertThat(serve.stdoutLines()).isEmpty();
    }
  }

  @Test
  void badListenAddressIsAUsageError() {
    try (ChildProcess serve =
        BzzzCli.start("tracker", "serve", "--listen", "nonsense", "--data", dir.toString())) {
      assertThat(serve.awaitExit(START)).isEqualTo(2);
      assertThat(String.join("\n", serve.stderrLines())).contains("HOST:PORT");
    }
  }

  @Test
  void aUsedPortIsOneClearLineAndLeavesNoState() throws Exception {
    Path data = dir.resolve("unused");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ChildProcess serve =
            BzzzCli.start(
                "tracker",
                "serve",
                "--listen",
                "127.0.0.1:" + taken.getLocalPort(),
                "--data",
                data.toString())) {
      assertThat(serve.awaitExit(START)).isEqualTo(1);
      assertThat(serve.stderrLines())
          .containsExactly(
              "bzzz tracker serve: cannot listen on 127.0.0.1:"
                  + taken.getLocalPort()
                  + ": address already in use");
      assertThat(serve.stdoutLines()).isEmpty();
    }
    assertThat(data.resolve("admin.token")).doesNotExist();
    assertThat(data.resolve("tracker.db")).doesNotExist();
  }

  @Test
  void aSecondTrackerOnTheSameDirectoryNamesTheHolder() throws Exception {
    Path data = dir.resolve("locked");
    try (ChildProcess first =
        BzzzCli.start("tracker", "serve", "--listen", "127.0.0.1:0", "--data", data.toString())) {
      String url = first.awaitLineStartingWith("http://", START);
      String token = Files.readString(data.resolve("admin.token"));
      try (ChildProcess second =
          BzzzCli.start("tracker", "serve", "--listen", "127.0.0.1:0", "--data", data.toString())) {
        assertThat(second.awaitExit(START)).isEqualTo(1);
        assertThat(second.stderrLines())
            .last()
            .isEqualTo(
                "bzzz tracker serve: data directory "
                    + data
                    + " is in use by another tracker (pid "
                    + first.process().pid()
                    + ")");
      }
      assertThat(Files.readString(data.resolve("admin.token"))).isEqualTo(token);
      assertThat(send("GET", url + "/api/v1/user", token.strip(), null).status()).isEqualTo(200);
      first.terminate();
      assertThat(first.awaitExit(Duration.ofSeconds(60))).isZero();
    }
  }

  /** SIGKILL after acknowledged writes: a restart on the same data directory has all of them. */
  @Test
  void killedTrackerLosesNothingAcknowledged() throws Exception {
    Path data = dir.resolve("crash");
    List<Long> issues = new ArrayList<>();
    List<Long> comments = new ArrayList<>();
    String token;
    try (ChildProcess serve =
        BzzzCli.start("tracker", "serve", "--listen", "127.0.0.1:0", "--data", data.toString())) {
      String url = serve.awaitLineStartingWith("http://", START);
      token = Files.readString(data.resolve("admin.token")).strip();
      assertThat(
              send("POST", url + "/api/v1/user/repos", token, "{\"name\":\"c\",\"auto_init\":true}")
                  .status())
          .isEqualTo(201);
      for (int i = 0; i < 10; i++) {
        Reply issue =
            send("POST", url + "/api/v1/repos/admin/c/issues", token, "{\"title\":\"t" + i + "\"}");
        assertThat(issue.status()).isEqualTo(201);
        long n = issue.json().get("number").asLong();
        issues.add(n);
        assertThat(
                send(
                        "POST",
                        url + "/api/v1/repos/admin/c/branches",
                        token,
                        "{\"new_branch_name\":\"bzzz/task-" + n + "\"}")
                    .status())
            .isEqualTo(201);
        Reply comment =
            send(
                "POST",
                url + "/api/v1/repos/admin/c/issues/" + n + "/comments",
                token,
                "{\"body\":\"claimed\"}");
        assertThat(comment.status()).isEqualTo(201);
        comments.add(comment.json().get("id").asLong());
      }
      serve.kill();
      serve.awaitExit(Duration.ofSeconds(30));
    }
    try (ChildProcess again =
        BzzzCli.start("tracker", "serve", "--listen", "127.0.0.1:0", "--data", data.toString())) {
      String url = again.awaitLineStartingWith("http://", START);
      assertThat(Files.readString(data.resolve("admin.token")).strip()).isEqualTo(token);
      for (int i = 0; i < issues.size(); i++) {
        long n = issues.get(i);
        Reply issue = send("GET", url + "/api/v1/repos/admin/c/issues/" + n, token, null);
        assertThat(issue.status()).isEqualTo(200);
        assertThat(issue.json().get("title").asText()).isEqualTo("t" + i);
        Reply list =
            send("GET", url + "/api/v1/repos/admin/c/issues/" + n + "/comments", token, null);
        assertThat(list.json().get(0).get("id").asLong()).isEqualTo(comments.get(i));
        assertThat(
                send(
                        "POST",
                        url + "/api/v1/repos/admin/c/branches",
                        token,
                        "{\"new_branch_name\":\"bzzz/task-" + n + "\"}")
                    .status())
            .as("the claim on #" + n + " survived the crash")
            .isEqualTo(409);
      }
      again.terminate();
      assertThat(again.awaitExit(Duration.ofSeconds(60))).isZero();
    }
  }
}
