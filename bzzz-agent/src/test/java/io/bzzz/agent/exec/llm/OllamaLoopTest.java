package io.bzzz.agent.exec.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bzzz.agent.exec.ExecutionResult;
import io.bzzz.agent.exec.ExecutionResult.Outcome;
import io.bzzz.agent.exec.TaskDetails;
import io.bzzz.agent.exec.llm.ScriptedModelServer.Status;
import io.bzzz.agent.exec.llm.ScriptedModelServer.Stream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tool loop against a scripted server that behaves like Ollama's /api/chat. */
class OllamaLoopTest extends ScriptedLoopFixture {
  static final TaskDetails TASK =
      new TaskDetails(
          "local",
          "demo/sample",
          5,
          "Add hello.txt",
          "Create hello.txt saying hi.",
          "alice",
          List.of("bzzz-task", "model:llama3.1"),
          "http://x/5",
          "bzzz/task-5");

  @Override
  ChatClient client() {
    return new OllamaClient(http, server.base(), "llama3.1", 4096);
  }

  static String chunk(String content) {
    return ModelTurns.ollamaChunk(content);
  }

  static String toolChunk(String name, String argsObject) {
    return ModelTurns.ollamaToolChunk(name, argsObject);
  }

  static String done() {
    return ModelTurns.ollamaDone();
  }

  static Stream ndjson(String... lines) {
    return ModelTurns.ndjson(lines);
  }

  static Stream toolTurn(String name, String args) {
    return ModelTurns.ollamaToolTurn(name, args);
  }

  @Test
  void writesAFileRunsATestAndFinishes() throws Exception {
    server.enqueue(
        toolTurn("write_file", "{\"path\":\"docs/hello.txt\",\"content\":\"hi\\n\"}"),
        toolTurn(
            "run_command",
            "{\"argv\":[\"sh\",\"-c\",\"grep -q hi docs/hello.txt && echo TESTS PASSED\"]}"),
        toolTurn("finish", "{\"summary\":\"Added docs/hello.txt\"}"));

    ExecutionResult r = executor().execute(TASK, workspace);

    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.summary()).isEqualTo("Added docs/hello.txt");
    assertThat(workspace.resolve("docs/hello.txt")).hasContent("hi");
    assertThat(r.outputExcerpt()).contains("TESTS PASSED").contains("write_file");

    List<ScriptedModelServer.Request> reqs = server.requests();
    assertThat(reqs).hasSize(3);
    JsonNode first = reqs.getFirst().body();
    assertThat(reqs.getFirst().path()).isEqualTo("/api/chat");
    assertThat(first.get("model").asText()).isEqualTo("llama3.1");
    assertThat(first.get("stream").asBoolean()).isTrue();
    assertThat(first.get("options").get("num_ctx").asInt()).isEqualTo(4096);
    assertThat(first.get("tools").findValuesAsText("name"))
        .containsExactly("list_files", "read_file", "write_file", "run_command", "finish");
    assertThat(first.get("messages").get(1).get("content").asText())
        .contains("demo/sample#5")
        .contains("Create hello.txt");

    JsonNode third = reqs.get(2).body().get("messages");
    // system, user, assistant(write), tool, assistant(run), tool
    assertThat(third).hasSize(6);
    JsonNode assistant = third.get(2);
    assertThat(assistant.get("role").asText()).isEqualTo("assistant");
    assertThat(assistant.get("content").asText()).isEqualTo("Working on it. ");
    JsonNode call = assistant.get("tool_calls").get(0).get("function");
    assertThat(call.get("name").asText()).isEqualTo("write_file");
    assertThat(call.get("arguments").isObject()).isTrue();
    assertThat(third.get(3).get("role").asText()).isEqualTo("tool");
    assertThat(third.get(3).get("tool_name").asText()).isEqualTo("write_file");
    assertThat(third.get(5).get("content").asText())
        .startsWith("exit code 0")
        .contains("TESTS PASSED");
  }

  @Test
  void anUnknownModelIsAMissingCapability() throws Exception {
    server.enqueue(
        new Status(
            404,
            "application/json",
            "{\"error\":\"model \\\"llama3.1\\\" not found, try pulling it first\"}",
            Map.of()));

    ExecutionResult r = executor().execute(TASK, workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.MISSING_CAPABILITY);
    assertThat(r.wantsHelp()).isTrue();
    assertThat(r.reason()).contains("404").contains("not found, try pulling it first");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aBusyServerIsRetriedAfterItsRetryAfter() throws Exception {
    server.enqueue(
        new Status(
            503,
            "application/json",
            "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}",
            Map.of("Retry-After", "2")),
        new Status(503, "application/json", "{\"error\":\"server busy\"}", Map.of()),
        toolTurn("finish", "{\"summary\":\"ok\"}"));

    ExecutionResult r = executor().execute(TASK, workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    // Retry-After first, then our own backoff (which starts at 1s, doubled after each wait).
    assertThat(slept).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void staysBusyAndEndsAsRetryLater() throws Exception {
    for (int i = 0; i < ToolLoop.MAX_ATTEMPTS_PER_TURN; i++) {
      server.enqueue(new Status(503, "application/json", "{\"error\":\"server busy\"}", Map.of()));
    }
    ExecutionResult r = executor().execute(TASK, workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.RETRY_LATER);
    assertThat(r.reason()).contains("503").contains("server busy");
    assertThat(server.requests()).hasSize(ToolLoop.MAX_ATTEMPTS_PER_TURN);
  }

  @Test
  void aStreamThatEndsBeforeDoneOrReportsAnErrorIsRetried() throws Exception {
    server.enqueue(
        ndjson(chunk("I will"), chunk(" start")), // closed cleanly, but no "done"
        ndjson(
            chunk("again"), "{\"error\":\"an error was encountered while running the model\"}\n"),
        new Stream("application/x-ndjson", List.of(chunk("cut")), true), // connection dropped
        toolTurn("finish", "{\"summary\":\"third time lucky\"}"));

    ExecutionResult r = executor().execute(TASK, workspace);

    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.summary()).isEqualTo("third time lucky");
    assertThat(r.outputExcerpt())
        .contains("ended before \"done\"")
        .contains("an error was encountered while running the model");
    assertThat(server.requests()).hasSize(4);
  }

  @Test
  void fileToolsCannotLeaveTheWorkspaceAndTheLoopGoesOn() throws Exception {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "do not read");
    Files.createSymbolicLink(workspace.resolve("link"), outside);
    server.enqueue(
        toolTurn("write_file", "{\"path\":\"../x\",\"content\":\"pwned\"}"),
        toolTurn(
            "write_file", "{\"path\":\"" + tmp.resolve("abs.txt") + "\",\"content\":\"pwned\"}"),
        toolTurn("write_file", "{\"path\":\"link/evil.txt\",\"content\":\"pwned\"}"),
        toolTurn("read_file", "{\"path\":\"link/secret.txt\"}"),
        toolTurn("write_file", "{\"path\":\".git/hooks/pre-commit\",\"content\":\"pwned\"}"),
        toolTurn("write_file", "{\"path\":\"inside/ok.txt\",\"content\":\"fine\"}"),
        toolTurn("finish", "{\"summary\":\"done\"}"));

    ExecutionResult r = executor().execute(TASK, workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(tmp.resolve("x")).doesNotExist();
    assertThat(tmp.resolve("abs.txt")).doesNotExist();
    assertThat(outside.resolve("evil.txt")).doesNotExist();
    assertThat(workspace.resolve(".git")).doesNotExist();
    assertThat(workspace.resolve("inside/ok.txt")).hasContent("fine");
    List<String> toolResults = lastToolResults();
    assertThat(toolResults).hasSize(6);
    assertThat(toolResults.get(0)).startsWith("error: refused").contains("'..'");
    assertThat(toolResults.get(1)).startsWith("error: refused").contains("absolute");
    assertThat(toolResults.get(2)).startsWith("error: refused").contains("symlink");
    assertThat(toolResults.get(3)).startsWith("error: refused").doesNotContain("do not read");
    assertThat(toolResults.get(4)).startsWith("error: refused").contains(".git");
    assertThat(toolResults.get(5)).startsWith("wrote 4 bytes");
  }

  @Test
  void runsOutOfTurns() throws Exception {
    for (int i = 0; i < MAX_TURNS; i++) {
      server.enqueue(ndjson(chunk("thinking..."), done()));
    }
    ExecutionResult r = executor().execute(TASK, workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).isEqualTo("the model did not finish within 10 turns");
    // Each answer without a tool call got a reminder.
    assertThat(server.requests().getLast().body().get("messages").get(3).get("content").asText())
        .contains("call finish");
  }

  @Test
  void aModelThatGivesUpFailsTheTask() throws Exception {
    server.enqueue(toolTurn("finish", "{\"summary\":\"needs a GPU\",\"success\":false}"));
    ExecutionResult r = executor().execute(TASK, workspace);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).isEqualTo("the model gave up: needs a GPU");
  }

  @Test
  void anUnreachableServerIsRetryLater() throws Exception {
    server.close();
    ExecutionResult r = executor().execute(TASK, workspace);
    assertThat(r.outcome()).isEqualTo(Outcome.RETRY_LATER);
    assertThat(r.reason()).contains("cannot reach ollama");
  }
}
