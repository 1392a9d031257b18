package io.bzzz.agent.config;

import io.bzzz.p2p.files.IoReason;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A credential helper from the operator's configuration (never from task content): a YAML list is
 * the argv, run as is; a string is run with {@code /bin/sh -c}, as git runs its credential helpers.
 * What it prints on stdout, first line stripped, is the secret. Its stderr is discarded unread: a
 * helper that fails may print what it was given, and logs must not carry secrets.
 *
 * @param name what messages call it: the option and the program's name, never its arguments
 */
public record HelperCommand(List<String> argv, String name) {
  static final int MAX_OUTPUT = 16 * 1024;
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(HelperCommand.class);

  public HelperCommand {
    argv = List.copyOf(argv);
    if (argv.isEmpty() || argv.getFirst().isBlank()) {
      throw new ConfigException(name + ": the command is empty");
    }
  }

  /** {@code value} run by {@code /bin/sh -c}. */
  static HelperCommand shell(String value, String option) {
    String line = value.strip();
    if (line.isEmpty()) {
      throw new ConfigException(option + ": the command is empty");
    }
    String program = line.split("\\s+", 2)[0];
    return new HelperCommand(List.of("/bin/sh", "-c", line), option + " (" + program + ")");
  }

  /** {@code argv} run directly. */
  static HelperCommand argv(List<String> argv, String option) {
    if (argv.isEmpty() || argv.getFirst().isBlank()) {
      throw new ConfigException(option + ": the list must start with the program");
    }
    return new HelperCommand(argv, option + " (" + argv.getFirst() + ")");
  }

  /** Why a run gave no secret; the message holds no output of the helper. */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Runs the helper once; its whole process tree is killed when it outlives {@code timeout}.
   *
   * @return the first line of its output, stripped
   */
  String run(Duration timeout) throws Failure, InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new Failure(name + " could not be started: " + IoReason.of(e));
    }
    FutureTask<byte[]> stdout = new FutureTask<>(() -> readBounded(process.getInputStream()));
    Thread.ofVirtual().name("credential-helper-output").start(stdout);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new Failure(name + " did not finish within " + timeout.toSeconds() + "s; killed");
      }
      byte[] out = stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (process.exitValue() != 0) {
        throw new Failure(name + " exited with status " + process.exitValue());
      }
      if (out.length > MAX_OUTPUT) {
        throw new Failure(name + " printed more than " + MAX_OUTPUT + " bytes");
      }
      String text = new String(out, StandardCharsets.UTF_8).strip();
      String first = text.lines().findFirst().orElse("").strip();
      if (first.isEmpty()) {
        throw new Failure(name + " exited with status 0 but printed nothing");
      }
      return first;
    } catch (ExecutionException e) {
      throw new Failure(name + ": its output could not be read: " + IoReason.of(e.getCause()));
    } catch (TimeoutException e) {
      throw new Failure(name + " kept its output open after exiting; a child still holds it");
    } finally {
      // a helper that timed out, or left children behind, is not left running
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      // reaped before returning, so a caller never sees the killed helper still running
      if (!process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.atWarn().addKeyValue("helper", name).log("credential helper survived SIGKILL");
      }
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    try (in) {
      byte[] bytes = in.readNBytes(MAX_OUTPUT + 1);
      in.transferTo(OutputStream.nullOutputStream()); // a chatty helper is not blocked on a pipe
      return bytes;
    }
  }
}
