package io.bzzz.agent.exec.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.agent.config.Credential;
import io.bzzz.agent.config.FileCredential;
import io.bzzz.agent.config.Secret;
import io.bzzz.agent.exec.ExecutionResult;
import io.bzzz.agent.exec.ExecutionResult.Outcome;
import io.bzzz.agent.exec.TaskDetails;
import io.bzzz.agent.exec.llm.ScriptedModelServer.Status;
import io.bzzz.agent.exec.llm.ScriptedModelServer.Stream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tool loop against a scripted OpenAI-compatible /v1/chat/completions with SSE streaming. */
class OpenAiLoopTest extends ScriptedLoopFixture {
  static final TaskDetails TASK =
      new TaskDetails(
          "github",
          "acme/app",
          8,
          "Add a test",
          "Add tests/test_ok.sh that passes.",
          "alice",
          List.of("bzzz-task"),
          "https://github.com/acme/app/issues/8",
          "bzzz/task-8");

  /** The API key the client asks for at each request. */
  Credential key = Credential.fixed(new Secret("sk-test-123", "test"));

  @Override
  ChatClient client() {
    return new OpenAiClient(http, URI.create(server.base() + "/v1"), "gpt-test", Optional.of(key));
  }

  static String event(String deltaJson, String finish) {
    return ModelTurns.openAiEvent(deltaJson, finish);
  }

  /** A tool call streamed the way OpenAI does: id and name first, arguments in fragments. */
  static Stream toolTurn(String id, String name, String args) {
    return ModelTurns.openAiToolTurn(id, name, args);
  }

  @Test
  void writesAFileRunsATestAndFinishes() throws Exception {
    server.enqueue(
        toolTurn(
            "call_a",
            "write_file",
            "{\"path\":\"tests/test_ok.sh\",\"content\":\"#!/bin/sh\\necho ok\\n\"}"),
        toolTurn("call_b", "run_command", "{\"argv\":[\"sh\",\"tests/test_ok.sh\"]}"),
        toolTurn("call_c", "finish", "{\"summary\":\"Added tests/test_ok.sh\"}"));

    ExecutionResult r = executor().execute(TASK, workspace);

    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.summary()).isEqualTo("Added tests/test_ok.sh");
    assertThat(workspace.resolve("tests/test_ok.sh")).hasContent("#!/bin/sh\necho ok");

    List<ScriptedModelServer.Request> reqs = server.requests();
    assertThat(reqs).hasSize(3);
    assertThat(reqs.getFirst().path()).isEqualTo("/v1/chat/completions");
    assertThat(reqs.getFirst().headers().get("Authorization"))
        .containsExactly("Bearer sk-test-123");
    JsonNode first = reqs.getFirst().body();
    assertThat(first.get("stream").asBoolean()).isTrue();
    assertThat(first.get("tools").get(0).get("type").asText()).isEqualTo("function");
    JsonNode messages = reqs.get(2).body().get("messages");
    JsonNode assistant = messages.get(2);
    assertThat(assistant.get("content").isNull()).isTrue();
    JsonNode call = assistant.get("tool_calls").get(0);
    assertThat(call.get("id").asText()).isEqualTo("call_a");
    assertThat(call.get("type").asText()).isEqualTo("function");
    assertThat(call.get("function").get("arguments").isTextual()).isTrue();
    assertThat(call.get("function").get("arguments").asText()).contains("tests/test_ok.sh");
    JsonNode toolResult = messages.get(5);
    assertThat(toolResult.get("role").asText()).isEqualTo("tool");
    assertThat(toolResult.get("tool_call_id").asText()).isEqualTo("call_b");
    assertThat(toolResult.get("content").asText()).isEqualTo("exit code 0\nok\n");
  }

  @Test
  void anUnknownModelIsAMissingCapability() throws Exception {
    server.enqueue(
        new Status(
            404,
            "application/json",
            "{\"error\":{\"message\":\"The model `gpt-test` does not exist or you do not have"
                + " access to it.\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"model_not_found\"}}",
            Map.of()));

    ExecutionResult r = executor().execute(TASK, workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.MISSING_CAPABILITY);
    assertThat(r.reason()).contains("404").contains("does not exist");
  }

  @Test
  void rateLimitsAndBusyAnswersAreRetried() throws Exception {
    server.enqueue(
        new Status(
            429,
            "application/json",
            "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}",
            Map.of("Retry-After", "7")),
        new Status(
            503,
            "application/json",
            "{\"error\":{\"message\":\"The server is overloaded\"}}",
            Map.of()),
        toolTurn("call_z", "finish", "{\"summary\":\"done\"}"));

    ExecutionResult r = executor().execute(TASK, workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(slept).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(2));
  }

  @Test
  void aStreamCutOrErrorMidWayIsRetried() throws Exception {
    Stream full = toolTurn("call_1", "finish", "{\"summary\":\"after the cut\"}");
    server.enqueue(
        new Stream("text/event-stream", full.pieces().subList(0, 4), true),
        new Stream(
            "text/event-stream",
            List.of(
                event("{\"content\":\"Hel\"}", null),
                "data: {\"error\":{\"message\":\"upstream model crashed\",\"type\":\"server_error\"}}\n\n"),
            false),
        full);

    ExecutionResult r = executor().execute(TASK, workspace);

    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.summary()).isEqualTo("after the cut");
    assertThat(r.outputExcerpt()).contains("the stream broke").contains("upstream model crashed");
  }

  @Test
  void malformedToolArgumentsAreAnsweredAndTheLoopContinues() throws Exception {
    server.enqueue(
        toolTurn("call_1", "write_file", "{\"path\": \"a.txt\", \"content\": "),
        toolTurn("call_2", "write_file", "{\"path\": 42, \"content\": \"x\"}"),
        toolTurn("call_3", "launch_missiles", "{}"),
        toolTurn("call_4", "run_command", "{\"argv\": \"rm -rf /\"}"),
        toolTurn("call_5", "finish", "{\"summary\":\"gave proper answers\"}"));

    ExecutionResult r = executor().execute(TASK, workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    List<String> results = lastToolResults();
    assertThat(results).hasSize(4);
    assertThat(results.get(0)).contains("not valid JSON");
    assertThat(results.get(1)).contains("'path' must be a string");
    assertThat(results.get(2)).contains("there is no tool 'launch_missiles'");
    assertThat(results.get(3)).contains("'argv' must be a non-empty list");
    assertThat(workspace.resolve("a.txt")).doesNotExist();
  }

  @Test
  void aWrongKeyFailsWithoutRetryOrLeakingIt() throws Exception {
    server.enqueue(
        new Status(
            401,
            "application/json",
            "{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}",
            Map.of()));
    ExecutionResult r = executor().execute(TASK, workspace);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).contains("401").doesNotContain("sk-test-123");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aRefusedKeyIsReadAgainFromItsRotatedFileAndTheRequestRetriedOnce() throws Exception {
    Path file = Files.writeString(workspace.getParent().resolve("llm.key"), "sk-old-111\n");
    key = new FileCredential(file, "--llm-key-file");
    FileTime stamp = Files.getLastModifiedTime(file);
    Files.writeString(file, "sk-new-222\n"); // same size and time: only the 401 reveals it
    Files.setLastModifiedTime(file, stamp);
    server.enqueue(
        new Status(401, "application/json", "{\"error\":{\"message\":\"expired\"}}", Map.of()),
        toolTurn("call_a", "finish", "{\"summary\":\"done\"}"));

    ExecutionResult r = executor().execute(TASK, workspace);

    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(server.requests())
        .extracting(q -> q.headers().get("Authorization"))
        .containsExactly(List.of("Bearer sk-old-111"), List.of("Bearer sk-new-222"));
  }
}
