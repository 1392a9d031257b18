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
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Clone and push over real git smart HTTP with a token, as against a tracker. */
class WorkspaceHttpTest {
  static final String TOKEN = "tok-4f0c2b7e9d";
  @TempDir Path tmp;
  Server server;
  String url;
  Repository repo;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  Level before;
  ch.qos.logback.core.Appender<ILoggingEvent> console;

  @BeforeEach
  void start() throws Exception {
    Path bare = GitFixtures.bareWithClaimBranch(tmp);
    repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
    repo.getConfig().setBoolean("http", null, "receivepack", true);
    repo.getConfig().save();

    GitServlet git = new GitServlet();
    git.setRepositoryResolver(
        (req, name) -> {
          if (!name.equals("demo/sample.git")) {
            throw new org.eclipse.jgit.errors.RepositoryNotFoundException(name);
          }
          repo.incrementOpen();
          return repo;
        });
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("agent:" + TOKEN).getBytes(StandardCharsets.UTF_8));
    Filter auth =
        (request, response, chain) -> {
          HttpServletRequest req = (HttpServletRequest) request;
          if (!expected.equals(req.getHeader("Authorization"))) {
            HttpServletResponse resp = (HttpServletResponse) response;
            resp.setHeader("WWW-Authenticate", "Basic realm=\"bzzz\"");
            resp.sendError(401);
            return;
          }
          chain.doFilter(request, response);
        };
    ServletContextHandler ctx = new ServletContextHandler();
    ctx.addFilter(new FilterHolder(auth), "/*", EnumSet.of(DispatcherType.REQUEST));
    ctx.addServlet(new ServletHolder(git), "/*");
    server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    server.setHandler(ctx);
    server.start();
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    url = "http://127.0.0.1:" + port + "/demo/sample.git";

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
    server.stop();
    repo.close();
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
    assertThat(GitFixtures.head(repo.getDirectory().toPath(), "bzzz/task-1").getFullMessage())
        .isEqualTo("over http");
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
