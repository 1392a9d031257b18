package io.bzzz.agent.exec;

import io.bzzz.p2p.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the command and script executors run a task: write one scratch file outside the workspace (so
 * it is never committed), start a program that reads it under the limits and the sandbox (which
 * mounts the file), map the outcome to a result, and delete the file whatever happened.
 */
final class ScratchFileRun {
  private static final Logger log = LoggerFactory.getLogger(ScratchFileRun.class);

  /**
   * The file the program reads.
   *
   * @param kind what it is, in messages ("task file")
   * @param prefix the start of its temporary name
   * @param suffix the end of its temporary name
   */
  record ScratchFile(String kind, String prefix, String suffix, byte[] content) {}

  /**
   * The program to start.
   *
   * @param name the executable, in logs and in the error when it cannot start
   * @param label how results name it ("the script")
   * @param spec the process, given the scratch file's path; limits are applied afterwards
   */
  record Program(String name, String label, Function<Path, ProcessSpec> spec) {}

  private final ProcessRunner runner;
  private final Path scratchDir;
  private final ExecutionLimits limits;
  private final Sandbox sandbox;

  ScratchFileRun(ProcessRunner runner, Path scratchDir, ExecutionLimits limits, Sandbox sandbox) {
    this.runner = runner;
    this.scratchDir = scratchDir;
    this.limits = limits;
    this.sandbox = sandbox;
  }

  ExecutionResult run(TaskDetails task, Path workspace, ScratchFile scratch, Program program)
      throws InterruptedException {
    Path file;
    try {
      OwnerOnly.createDirectories(scratchDir);
      file = Files.createTempFile(scratchDir, scratch.prefix(), scratch.suffix());
      Files.write(file, scratch.content());
    } catch (IOException e) {
      return ExecutionResult.of(
          ExecutionResult.Outcome.RETRY_LATER,
          "cannot write the " + scratch.kind() + " in " + scratchDir + ": " + e.getMessage(),
          "",
          Duration.ZERO);
    }
    try {
      ProcessSpec spec = limits.apply(program.spec().apply(file));
      ProcessSpec wrapped = sandbox.wrap(spec, workspace, List.of(file));
      ProcessOutcome outcome = runner.run(wrapped);
      log.atInfo()
          .addKeyValue("task", task.ref())
          .addKeyValue("program", program.name())
          .addKeyValue("exit", outcome.exitCode())
          .addKeyValue("timed_out", outcome.timedOut())
          .addKeyValue("ms", outcome.duration().toMillis())
          .log("program finished");
      return ExecutionResult.fromProcess(
          program.label(), wrapped, outcome, limits.timeLimit(), sandbox);
    } catch (IOException e) {
      // The program (or the sandbox's engine) is missing here: another agent may have it.
      return ExecutionResult.notStarted(program.name(), e, sandbox);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.atWarn().addKeyValue("file", file).log("cannot delete the " + scratch.kind());
      }
    }
  }
}
