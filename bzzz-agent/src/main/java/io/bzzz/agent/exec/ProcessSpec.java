package io.bzzz.agent.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to run: a program and its arguments (never a shell string), a working directory, extra
 * environment variables, optional stdin, a time limit and an output cap.
 *
 * @param cleanupOnKill a command run after a timeout kill, for processes outside our tree (a
 *     container the engine started on our behalf)
 * @param exitStatusFile where the supervisor writes the program's exit code the moment it ends, so
 *     an agent killed before it could record the result still learns it at its next start
 */
public record ProcessSpec(
    List<String> command,
    Path workingDirectory,
    Map<String, String> environment,
    Optional<Path> stdin,
    Duration timeLimit,
    int outputLimit,
    Optional<List<String>> cleanupOnKill,
    Optional<Path> exitStatusFile) {

  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(10);
  public static final int DEFAULT_OUTPUT_LIMIT = 256 * 1024;

  public ProcessSpec {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    cleanupOnKill = cleanupOnKill.map(List::copyOf);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("time limit must be positive, got " + timeLimit);
    }
    if (outputLimit < 2) {
      throw new IllegalArgumentException("output limit must be at least 2 bytes");
    }
  }

  public static ProcessSpec of(List<String> command, Path workingDirectory) {
    return new ProcessSpec(
        command,
        workingDirectory,
        Map.of(),
        Optional.empty(),
        DEFAULT_TIME_LIMIT,
        DEFAULT_OUTPUT_LIMIT,
        Optional.empty(),
        Optional.empty());
  }

  public ProcessSpec withEnvironment(Map<String, String> env) {
    return new ProcessSpec(
        command,
        workingDirectory,
        env,
        stdin,
        timeLimit,
        outputLimit,
        cleanupOnKill,
        exitStatusFile);
  }

  public ProcessSpec withStdin(Path file) {
    return new ProcessSpec(
        command,
        workingDirectory,
        environment,
        Optional.of(file),
        timeLimit,
        outputLimit,
        cleanupOnKill,
        exitStatusFile);
  }

  public ProcessSpec withLimits(Duration time, int output) {
    return new ProcessSpec(
        command, workingDirectory, environment, stdin, time, output, cleanupOnKill, exitStatusFile);
  }

  public ProcessSpec withCommand(List<String> newCommand) {
    return new ProcessSpec(
        newCommand,
        workingDirectory,
        environment,
        stdin,
        timeLimit,
        outputLimit,
        cleanupOnKill,
        exitStatusFile);
  }

  public ProcessSpec withCleanupOnKill(List<String> cleanup) {
    return new ProcessSpec(
        command,
        workingDirectory,
        environment,
        stdin,
        timeLimit,
        outputLimit,
        Optional.of(cleanup),
        exitStatusFile);
  }

  /** The same process, whose exit code the supervisor also writes to {@code file}. */
  public ProcessSpec withExitStatusFile(Optional<Path> file) {
    return new ProcessSpec(
        command, workingDirectory, environment, stdin, timeLimit, outputLimit, cleanupOnKill, file);
  }
}
