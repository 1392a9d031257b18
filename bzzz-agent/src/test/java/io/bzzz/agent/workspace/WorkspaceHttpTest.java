package io.bzzz.agent.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bzzz.agent.config.AgentConfig.GitIdentity;
import io.bzzz.agent.config.Credential;
import io.bzzz.agent.config.Secret;
import io.bzzz.agent.testing.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Clone and push over real git smart HTTP with a token, as against a tracker. */
class WorkspaceHttpTest {
  static final String TOKEN = "tok-4f0c2b7e9d";
  @TempDir Path tmp;
  GitHttpServer git;
  String url;
  Path bare;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  Level before;
  ch.qos.logback.core.Appender<ILoggingEvent> console;

  @BeforeEach
  void start() throws Exception {
    bare = GitFixtures.bareWithClaimBranch(tmp);
    git = GitHttpServer.serve(bare, "demo", "sample", TOKEN);
    url = git.url();

    logs.start();
    before = root.getLevel();
    root.setLevel(Level.TRACE);
    console = root.getAppender("STDERR");
    root.detachAppender(console);
    root.addAppender(logs);
  }

  @AfterEach
  void stop() throws Exception {
    root.detachAppender(logs);
    root.addAppender(console);
    root.setLevel(before);
    git.close();
  }

  @Test
  void clonesAndPushesWithTheTokenAndNeverLogsIt() throws Exception {
    Workspaces workspaces =
        new Workspaces(
            tmp.resolve("data"),
            new GitIdentity("bzzz agent", "agent@agents.bzzz.invalid"),
            Optional.of(
                GitCredentials.gitea("agent", Credential.fixed(new Secret(TOKEN, "test")))));
    try (Workspace ws = workspaces.open(url, "demo/sample", 1, "bzzz/task-1")) {
      Files.writeString(ws.dir().resolve("new.txt"), "over http\n");
      ws.commitAll("over http");
      ws.push();
    }
    assertThat(GitFixtures.head(bare, "bzzz/task-1").getFullMessage()).isEqualTo("over http");
    assertThat(git.users()).as("clone and push as the token's user").containsExactly("agent");
    java.util.List<ILoggingEvent> events;
    synchronized (logs) { // AppenderBase.doAppend holds this lock while appending
      events = java.util.List.copyOf(logs.list);
    }
    assertThat(events).isNotEmpty();
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.getFormattedMessage()).doesNotContain(TOKEN);
              assertThat(String.valueOf(e.getKeyValuePairs())).doesNotContain(TOKEN);
            });
  }

  @Test
  void aWrongTokenFailsWithoutShowingIt() {
    Workspaces workspaces =
        new Workspaces(
            tmp.resolve("data"),
            new GitIdentity("bzzz agent", "agent@agents.bzzz.invalid"),
            Optional.of(
                GitCredentials.gitea(
                    "agent", Credential.fixed(new Secret("wrong-secret-xyz", "test")))));
    assertThatThrownBy(() -> workspaces.open(url, "demo/sample", 1, "bzzz/task-1"))
        .isInstanceOf(WorkspaceException.class)
        .hasMessageContaining("demo/sample")
        .hasMessageNotContaining("wrong-secret-xyz");
  }
}
