package io.bzzz.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process for tests (a js peer, a bzzz CLI): stdout lines are queued for {@link
 * #awaitLine}, stderr is kept for failure messages, and {@link #close} kills the whole process
 * tree.
 */
public final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final String name;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final List<String> allStdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final Thread outReader;
  private final Thread errReader;

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    // Platform threads: a reader blocks in a native pipe read for the child's whole life, and a
    // dozen such virtual threads held every carrier of a chaos run's JVM, so a timer's fault
    // thread never ran (three seeded runs lacked their last agent kill).
    this.outReader =
        Thread.ofPlatform()
            .daemon()
            .name("stdout " + name)
            .start(
                () ->
                    pump(
                        process.inputReader(StandardCharsets.UTF_8),
                        line -> {
                          allStdout.add(line);
                          stdout.add(line);
                        }));
    this.errReader =
        Thread.ofPlatform()
            .daemon()
            .name("stderr " + name)
            .start(
                () ->
                    pump(
                        new BufferedReader(
                            new InputStreamReader(
                                process.getErrorStream(), StandardCharsets.UTF_8)),
                        stderr::add));
  }

  public static ChildProcess start(
      String name, Path dir, Map<String, String> env, List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().putAll(env);
    try {
      return new ChildProcess(name, pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** Runs a Node script from interop/ with the given arguments. */
  public static ChildProcess node(String script, String... args) {
    List<String> cmd = new ArrayList<>(List.of("node", script));
    cmd.addAll(List.of(args));
    return start(script, RepoRoot.interop(), Map.of(), cmd);
  }

  /** Waits for the next stdout line matching {@code match}, skipping others; fails with stderr. */
  public String awaitLine(Predicate<String> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left > 0 ? stdout.poll(left, TimeUnit.NANOSECONDS) : null;
        if (line == null) {
          throw new AssertionError(
              name + ": no matching stdout line within " + timeout + describe());
        }
        if (match.test(line)) {
          return line;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(name + ": interrupted", e);
    }
  }

  public String awaitLineStartingWith(String prefix, Duration timeout) {
    return awaitLine(l -> l.startsWith(prefix), timeout);
  }

  public void writeLine(String line) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": stdin closed" + describe(), e);
    }
  }

  public void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  public Process process() {
    return process;
  }

  public List<String> stdoutLines() {
    return List.copyOf(allStdout);
  }

  public List<String> stderrLines() {
    return List.copyOf(stderr);
  }

  /** Waits for exit and returns the exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + ": did not exit within " + timeout + describe());
      }
      outReader.join(Duration.ofSeconds(5));
      errReader.join(Duration.ofSeconds(5));
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(name + ": interrupted", e);
    }
  }

  /** SIGTERM, like a service manager would. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL of the process and its descendants. */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  public String describe() {
    return "\n--- "
        + name
        + " stderr (last lines) ---\n"
        + String.join("\n", stderr.subList(Math.max(0, stderr.size() - 40), stderr.size()));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void pump(BufferedReader reader, java.util.function.Consumer<String> sink) {
    try (reader) {
      String line;
      while ((line = reader.readLine()) != null) {
        sink.accept(line);
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }
}
