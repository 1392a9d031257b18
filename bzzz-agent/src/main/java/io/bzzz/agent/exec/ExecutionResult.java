package io.bzzz.agent.exec;

import java.time.Duration;
import java.util.List;

/**
 * The result of one execution, which the task loop turns into a pull request or a comment.
 *
 * @param reason why it failed or did not run, one sentence for a human; empty on success
 * @param summary what was done (the model's final message, or the last output line)
 * @param outputExcerpt capped process output, head and tail kept
 * @param filesChanged paths relative to the workspace, filled in by the workspace after the run
 */
public record ExecutionResult(
    Outcome outcome,
    String reason,
    String summary,
    String outputExcerpt,
    Duration duration,
    List<String> filesChanged) {

  /** How an execution ended; decides between a pull request, a comment and a help request. */
  public enum Outcome {
    /** Done: commit, push, open a pull request. */
    SUCCEEDED,
    /** Ran and failed (non-zero exit, model gave up): comment and label {@code bzzz-failed}. */
    FAILED,
    /** Hit the time limit: ask peers for help. */
    TIMED_OUT,
    /** This agent lacks something the task needs (a model, a program): ask peers for help. */
    MISSING_CAPABILITY,
    /** Refused before running (untrusted author, no script): comment why, no retry. */
    NOT_RUN,
    /** A service was busy or unreachable: release the task and try again later. */
    RETRY_LATER,
    /**
     * The sandbox failed, not the task (the container engine could not run it): ask peers for help,
     * never label the task failed for it.
     */
    SANDBOX_FAILED
  }

  public ExecutionResult {
    filesChanged = List.copyOf(filesChanged);
  }

  public static ExecutionResult succeeded(String summary, String output, Duration duration) {
    return new ExecutionResult(Outcome.SUCCEEDED, "", summary, output, duration, List.of());
  }

  public static ExecutionResult of(
      Outcome outcome, String reason, String output, Duration duration) {
    return new ExecutionResult(outcome, reason, "", output, duration, List.of());
  }

  public static ExecutionResult notRun(String reason) {
    return of(Outcome.NOT_RUN, reason, "", Duration.ZERO);
  }

  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }

  /** Whether a peer might do better: DESIGN's help request on a missing capability or timeout. */
  public boolean wantsHelp() {
    return outcome == Outcome.TIMED_OUT
        || outcome == Outcome.MISSING_CAPABILITY
        || outcome == Outcome.SANDBOX_FAILED;
  }

  public ExecutionResult withFilesChanged(List<String> files) {
    return new ExecutionResult(outcome, reason, summary, outputExcerpt, duration, files);
  }

  /**
   * Maps a process run in {@code sandbox} to a result: the sandbox's own failures first, then the
   * task's exit code.
   */
  static ExecutionResult fromProcess(
      String what, ProcessSpec wrapped, ProcessOutcome p, Duration limit, Sandbox sandbox) {
    return sandbox
        .failure(wrapped, p)
        .map(reason -> of(Outcome.SANDBOX_FAILED, reason, p.output(), p.duration()))
        .orElseGet(() -> fromProcess(what, p, limit));
  }

  /** A process that could not be started: the sandbox's fault, or a program missing here. */
  static ExecutionResult notStarted(String what, java.io.IOException e, Sandbox sandbox) {
    return sandbox
        .startFailure(e)
        .map(reason -> of(Outcome.SANDBOX_FAILED, reason, "", Duration.ZERO))
        .orElseGet(
            () ->
                of(
                    Outcome.MISSING_CAPABILITY,
                    "cannot start " + what + ": " + e.getMessage(),
                    "",
                    Duration.ZERO));
  }

  /** Maps a finished process to a result; {@code what} names the program for the reason. */
  static ExecutionResult fromProcess(String what, ProcessOutcome p, Duration limit) {
    if (p.timedOut()) {
      return of(
          Outcome.TIMED_OUT,
          what + " did not finish within " + limit + " and was killed with its children",
          p.output(),
          p.duration());
    }
    if (p.exitCode() != 0) {
      return of(
          Outcome.FAILED, what + " exited with code " + p.exitCode(), p.output(), p.duration());
    }
    return succeeded(lastLine(p.output()), p.output(), p.duration());
  }

  private static String lastLine(String output) {
    String trimmed = output.strip();
    int nl = trimmed.lastIndexOf('\n');
    String last = nl < 0 ? trimmed : trimmed.substring(nl + 1);
    return last.length() > 200 ? last.substring(0, 200) + "..." : last;
  }
}
