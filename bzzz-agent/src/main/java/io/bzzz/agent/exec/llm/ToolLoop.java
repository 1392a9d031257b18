package io.bzzz.agent.exec.llm;

import io.bzzz.agent.exec.CappedOutput;
import io.bzzz.agent.exec.ExecutionResult;
import io.bzzz.agent.exec.ExecutionResult.Outcome;
import io.bzzz.agent.exec.TaskDetails;
import io.bzzz.tracker.http.Sleeper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded conversation with a model: the task goes in, tool calls are run in the workspace and
 * answered, until the model calls {@code finish}, or the turn or time budget is spent. A busy
 * server or a broken stream costs a retry of the same turn with backoff (honouring {@code
 * Retry-After}), not the task.
 */
public final class ToolLoop {
  private static final Logger log = LoggerFactory.getLogger(ToolLoop.class);
  static final int MAX_ATTEMPTS_PER_TURN = 4;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration MAX_TURN_TIME = Duration.ofMinutes(5);

  private final ChatClient client;
  private final int maxTurns;
  private final Duration maxTime;
  private final InstantSource clock;
  private final Sleeper sleeper;
  private final int transcriptLimit;

  public ToolLoop(
      ChatClient client,
      int maxTurns,
      Duration maxTime,
      InstantSource clock,
      Sleeper sleeper,
      int transcriptLimit) {
    this.client = client;
    this.maxTurns = maxTurns;
    this.maxTime = maxTime;
    this.clock = clock;
    this.sleeper = sleeper;
    this.transcriptLimit = transcriptLimit;
  }

  static String systemPrompt() {
    return """
        You are a software agent working in a git checkout of a repository. Do the task you are \
        given by calling tools: list_files, read_file and write_file work on paths relative to \
        the checkout; run_command runs a program with its arguments as a list (for example \
        ["python3", "-m", "pytest", "-q"]). Check your work by running the tests when there are \
        any. When you are done, call finish with a short summary of what you changed; if the \
        task cannot be done, call finish with success false and say why. Your changes are \
        committed and proposed as a pull request after you finish.""";
  }

  static String taskPrompt(TaskDetails task) {
    return "Task "
        + task.ref()
        + ": "
        + task.title()
        + "\n\n"
        + task.body()
        + "\n\nLabels: "
        + String.join(", ", task.labels());
  }

  public ExecutionResult run(TaskDetails task, Toolbox tools) throws InterruptedException {
    return run(task.ref(), systemPrompt(), taskPrompt(task), tools);
  }

  /**
   * The conversation: {@code system} and {@code prompt} go in, the model calls {@code tools} until
   * it calls {@code finish} or the budget is spent.
   *
   * @param ref what the conversation is about, for logs
   */
  public ExecutionResult run(String ref, String system, String prompt, Toolbox tools)
      throws InterruptedException {
    Instant start = clock.instant();
    Instant deadline = start.plus(maxTime);
    CappedOutput transcript = new CappedOutput(transcriptLimit);
    List<ChatMessage> history = new ArrayList<>();
    history.add(ChatMessage.system(system));
    history.add(ChatMessage.user(prompt));

    for (int turn = 1; turn <= maxTurns; turn++) {
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        return end(Outcome.TIMED_OUT, timeUp(), "", transcript, start);
      }
      AssistantTurn answer;
      try {
        answer = turnWithRetries(history, tools.specs(), deadline, transcript);
      } catch (LlmException e) {
        return end(outcomeOf(e), e.getMessage(), "", transcript, start);
      }
      history.add(answer.asMessage());
      if (!answer.content().isBlank()) {
        note(transcript, "model: " + answer.content().strip());
      }
      if (answer.toolCalls().isEmpty()) {
        history.add(
            ChatMessage.user(
                "Use the tools to do the task, then call finish with a summary of what you did."));
        continue;
      }
      for (ToolCall call : answer.toolCalls()) {
        Duration remaining = Duration.between(clock.instant(), deadline);
        ToolResult r = tools.call(call, remaining);
        note(transcript, "tool " + call.name() + " " + call.argumentsJson() + "\n" + r.text());
        log.atDebug().addKeyValue("task", ref).addKeyValue("tool", call.name()).log("tool call");
        if (r.finish().isPresent()) {
          ToolResult.Finish f = r.finish().get();
          return f.success()
              ? end(Outcome.SUCCEEDED, "", f.summary(), transcript, start)
              : end(Outcome.FAILED, "the model gave up: " + f.summary(), "", transcript, start);
        }
        history.add(ChatMessage.toolResult(call, r.text()));
      }
    }
    return end(
        Outcome.FAILED,
        "the model did not finish within " + maxTurns + " turns",
        "",
        transcript,
        start);
  }

  private AssistantTurn turnWithRetries(
      List<ChatMessage> history, List<ToolSpec> specs, Instant deadline, CappedOutput transcript)
      throws LlmException, InterruptedException {
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      Duration left = Duration.between(clock.instant(), deadline);
      Duration turnTime = left.compareTo(MAX_TURN_TIME) < 0 ? left : MAX_TURN_TIME;
      try {
        return client.chat(history, specs, turnTime);
      } catch (LlmException e) {
        if (!e.retryable() || attempt >= MAX_ATTEMPTS_PER_TURN) {
          throw e;
        }
        Duration wait = e.retryAfter().orElse(backoff);
        if (wait.compareTo(Duration.between(clock.instant(), deadline)) >= 0) {
          throw e;
        }
        note(transcript, "retrying in " + wait.toSeconds() + "s: " + e.getMessage());
        log.atInfo()
            .addKeyValue("server", client.name())
            .addKeyValue("attempt", attempt)
            .addKeyValue("wait_s", wait.toSeconds())
            .log("model server busy or stream broken, retrying: " + e.getMessage());
        sleeper.sleep(wait);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  private static Outcome outcomeOf(LlmException e) {
    return switch (e.kind()) {
      case UNKNOWN_MODEL -> Outcome.MISSING_CAPABILITY;
      case BUSY, STREAM_BROKEN, UNREACHABLE -> Outcome.RETRY_LATER;
      case UNAUTHORIZED, BAD_RESPONSE -> Outcome.FAILED;
    };
  }

  private String timeUp() {
    return "the model did not finish within " + maxTime;
  }

  private static void note(CappedOutput transcript, String text) {
    byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
    transcript.write(b, 0, b.length);
  }

  private ExecutionResult end(
      Outcome outcome, String reason, String summary, CappedOutput transcript, Instant start) {
    return new ExecutionResult(
        outcome,
        reason,
        summary,
        transcript.text(),
        Duration.between(start, clock.instant()),
        List.of());
  }
}
