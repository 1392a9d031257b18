package io.bzzz.agent.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clones that fail, each way: the ones the network causes are worth a retry, the others are
 * the task's or the configuration's.
 */
class RemoteFailuresTest {
  @TempDir Path tmp;
  Workspaces workspaces;

  @BeforeEach
  void setUp() {
    workspaces = new Workspaces(tmp.resolve("data"), WorkspaceTest.AGENT, Optional.empty());
  }

  @Test
  void aRefusedConnectionIsInfrastructure() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    assertThat(RemoteFailures.isInfrastructure(clone("http://127.0.0.1:" + port + "/a/b.git")))
        .isTrue();
  }

  @Test
  void aServerErrorIsInfrastructureButNotFoundAndUnauthorizedAreNot() throws Exception {
    for (int status : new int[] {500, 502, 503, 429}) {
      assertThat(RemoteFailures.isInfrastructure(cloneFromServerAnswering(status)))
          .as("HTTP %d", status)
          .isTrue();
    }
    for (int status : new int[] {401, 403, 404}) {
      assertThat(RemoteFailures.isInfrastructure(cloneFromServerAnswering(status)))
          .as("HTTP %d", status)
          .isFalse();
    }
  }

  /** The tracker killed in the middle of an answer (chaos seed 1 of 2026-12-03: task 73). */
  @Test
  void aServerThatDiesInTheMiddleOfItsAnswerIsInfrastructure() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread answering =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (var socket = server.accept()) {
                      socket.getInputStream().read(new byte[4096]); // the request
                      String head =
                          String.join(
                              "\r\n",
                              "HTTP/1.1 200 OK",
                              "Content-Type: application/x-git-upload-pack-advertisement",
                              "Transfer-Encoding: chunked",
                              "",
                              "40", // a chunk of 64 bytes, cut short
                              "001e# service=git-upload-pack\n");
                      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                      socket.getOutputStream().flush();
                    } catch (java.io.IOException e) {
                      // the client gave up first: nothing to answer
                    }
                  });
      WorkspaceException failure = clone("http://127.0.0.1:" + server.getLocalPort() + "/a/b.git");
      answering.join();
      assertThat(failure).hasStackTraceContaining("Premature EOF");
      assertThat(RemoteFailures.isInfrastructure(failure)).isTrue();
    }
  }

  @Test
  void aMissingClaimBranchIsNotInfrastructure() throws Exception {
    Path bare = GitFixtures.bareWithClaimBranch(tmp);
    assertThat(RemoteFailures.isInfrastructure(clone(bare.toUri().toString(), "bzzz/task-9")))
        .isFalse();
  }

  private WorkspaceException cloneFromServerAnswering(int status) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    try {
      return clone("http://127.0.0.1:" + server.getAddress().getPort() + "/a/b.git");
    } finally {
      server.stop(0);
    }
  }

  private WorkspaceException clone(String url) {
    return clone(url, "bzzz/task-1");
  }

  private WorkspaceException clone(String url, String branch) {
    WorkspaceException e =
        catchThrowableOfType(
            WorkspaceException.class, () -> workspaces.open(url, "a/b", 1, branch).close());
    assertThat(e).as("the clone of %s must fail", url).isNotNull();
    return e;
  }
}
