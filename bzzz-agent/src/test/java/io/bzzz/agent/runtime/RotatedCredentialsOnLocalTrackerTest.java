package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.CommandCredential;
import io.bzzz.agent.config.Credential;
import io.bzzz.agent.config.FileCredential;
import io.bzzz.agent.config.HelperCommand;
import io.bzzz.agent.config.LogCapture;
import io.bzzz.agent.testing.MutableClock;
import io.bzzz.agent.workspace.Workspace;
import io.bzzz.agent.workspace.Workspaces;
import io.bzzz.tracker.RepoInfo;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.result.JGitPush;
import io.bzzz.tracker.support.LocalTrackerHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens rotated under a running agent, against the real local tracker, which issues and revokes
 * them through its Gitea token API: the old one revoked, the next call is refused with a 401, the
 * agent looks at its credential again and goes on with the new one, without a restart. The captured
 * log never holds a token.
 */
class RotatedCredentialsOnLocalTrackerTest {
  @TempDir Path dir;
  LocalTrackerHarness local;
  RepoRef repo;
  final LogCapture logs = new LogCapture();
  final List<String> issued = new ArrayList<>();
  final List<RepoHandle> handles = new ArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startTracker() {
    local = LocalTrackerHarness.start(dir.resolve("tracker"));
    repo = local.createRepo("app");
  }

  @AfterEach
  void stop() {
    handles.forEach(h -> h.tracker().close());
    local.close();
    http.close();
    logs.close();
  }

  /** A new token of the admin, through {@code POST /users/admin/tokens}. */
  private String issue(String name) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(local.url() + "/api/v1/users/admin/tokens"))
                .header("Authorization", "token " + local.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(201);
    String token = new ObjectMapper().readTree(r.body()).get("sha1").asText();
    issued.add(token);
    return token;
  }

  private void revoke(String name) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(local.url() + "/api/v1/users/admin/tokens/" + name))
                .header("Authorization", "token " + local.token())
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
  }

  private RepoHandle connect(Credential token) {
    List<RepoHandle> opened =
        TrackerConnections.open(
            new AgentConfig.Tracker(
                TrackerKind.GITEA, local.url(), Optional.of(token), List.of(repo.toString())),
            io.bzzz.tracker.http.CallObserver.NONE);
    handles.addAll(opened);
    return opened.getFirst();
  }

  /**
   * Writes {@code token} over the file keeping its size, inode and modification time: a rotation no
   * stat can see, so only the 401 makes the agent read it again.
   */
  private static void rewriteUnnoticed(Path file, String token) throws Exception {
    FileTime before = Files.getLastModifiedTime(file);
    Files.writeString(file, token + "\n");
    Files.setLastModifiedTime(file, before);
  }

  private void assertNoTokenLogged() {
    String text = logs.text();
    for (String t : issued) {
      assertThat(text).doesNotContain(t);
    }
  }

  @Test
  void aTokenFileRotatedUnderARunningAgentIsUsedAfterThe401ForApiCallsAndGit() throws Exception {
    Path file = dir.resolve("tracker.token");
    Files.writeString(file, issue("rotation-1") + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    FileCredential credential = new FileCredential(file, "--token-file");
    RepoHandle handle = connect(credential); // ensureLabels with the first token

    // API: the first token revoked, the second written where no stat notices it
    rewriteUnnoticed(file, issue("rotation-2"));
    revoke("rotation-1");
    handle.tracker().ensureLabels();
    assertThat(logs.text()).contains("token refused; retrying with a new one");

    // git: clone with the current token after it too was revoked and replaced
    rewriteUnnoticed(file, issue("rotation-3"));
    revoke("rotation-2");
    RepoInfo info = handle.tracker().repoInfo();
    Workspaces workspaces =
        new Workspaces(
            dir.resolve("agent"),
            new AgentConfig.GitIdentity("agent", "agent@example.invalid"),
            TrackerConnections.gitCredentials(
                TrackerKind.GITEA, handle.tracker(), Optional.of(credential)));
    try (Workspace ws =
        workspaces.open(info.cloneUrl(), repo.toString(), 1, info.defaultBranch())) {
      assertThat(ws.dir().resolve("README.md")).exists();
      assertThat(credential.current().reveal()).isEqualTo(issued.get(2));

      // the result push: revoked and replaced once more, the push is refused, then done
      Files.writeString(ws.dir().resolve("result.txt"), "done\n");
      assertThat(ws.commitAll("result")).isPresent();
      String user = handle.tracker().login(); // looked up now, with the current token
      rewriteUnnoticed(file, issue("rotation-4"));
      revoke("rotation-3");
      new JGitPush(user, new CredentialTokens(credential)).push(ws.gitDir(), info, "bzzz/result-1");
      assertThat(logs.text()).contains("push refused; retrying with a new token");
    }

    // revoked and not replaced: the 401 stands, with a message that names no token
    revoke("rotation-4");
    assertThatThrownBy(() -> handle.tracker().ensureLabels())
        .isInstanceOf(TrackerException.Unauthorized.class)
        .satisfies(e -> issued.forEach(t -> assertThat(e.getMessage()).doesNotContain(t)));
    assertNoTokenLogged();
  }

  @Test
  void aCredentialHelperIsRunAgainWhenItsTokenIsRefused() throws Exception {
    Path current = dir.resolve("current");
    Files.writeString(current, issue("helper-1"));
    Path helper = dir.resolve("token-helper");
    Files.writeString(helper, "#!/bin/sh\necho run >> \"$0.runs\"\ncat \"" + current + "\"\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    CommandCredential credential =
        new CommandCredential(
            new HelperCommand(List.of(helper.toString()), "token_command (token-helper)"),
            Duration.ofMinutes(5),
            Duration.ofSeconds(20),
            clock);
    RepoHandle handle = connect(credential);
    handle.tracker().ensureLabels(); // within the TTL: the cached answer
    assertThat(Files.readAllLines(Path.of(helper + ".runs"))).hasSize(1);

    Files.writeString(current, issue("helper-2"));
    revoke("helper-1");
    handle.tracker().ensureLabels(); // 401, helper run again, retried with its new answer
    assertThat(Files.readAllLines(Path.of(helper + ".runs"))).hasSize(2);
    assertThat(credential.current().reveal()).isEqualTo(issued.get(1));
    assertThat(LocalTracker.ADMIN).isEqualTo(handle.tracker().login());
    assertNoTokenLogged();
  }
}
