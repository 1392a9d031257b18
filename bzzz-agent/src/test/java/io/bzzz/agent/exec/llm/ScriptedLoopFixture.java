package io.bzzz.agent.exec.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.agent.exec.ExecutionLimits;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.exec.Sandbox;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tool-loop tests share, whichever API the model speaks: a workspace, a scripted model
 * server on loopback, the HTTP client, and an executor whose backoff sleeps are recorded in {@link
 * #slept} instead of taken. A test supplies the client for its API.
 */
abstract class ScriptedLoopFixture {
  /** Enough turns for every scripted conversation; the turn-limit test counts on ten. */
  static final int MAX_TURNS = 10;

  @TempDir Path tmp;
  Path workspace;
  ScriptedModelServer server;
  final List<Duration> slept = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();

  /** The client under test, talking to {@link #server}. */
  abstract ChatClient client();

  @BeforeEach
  void startServer() throws Exception {
    workspace = Files.createDirectory(tmp.resolve("ws"));
    server = new ScriptedModelServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
    http.close();
  }

  LlmExecutor executor() {
    return new LlmExecutor(
        client(),
        new ProcessRunner(),
        new ExecutionLimits(Duration.ofMinutes(2), 64 * 1024),
        Sandbox.host(),
        MAX_TURNS,
        InstantSource.system(),
        slept::add);
  }

  /** The contents of the tool results the model was sent in the last request, in order. */
  List<String> lastToolResults() {
    List<String> out = new ArrayList<>();
    for (JsonNode m : server.requests().getLast().body().get("messages")) {
      if (m.get("role").asText().equals("tool")) {
        out.add(m.get("content").asText());
      }
    }
    return out;
  }

  /** {@code s} as a JSON string literal. */
  static String quote(String s) {
    return ModelTurns.quote(s);
  }
}
