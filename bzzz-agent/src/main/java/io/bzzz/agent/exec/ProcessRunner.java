package io.bzzz.agent.exec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one process under a time limit and an output cap, and makes sure its whole process tree is
 * gone when it returns: at the time limit, after a normal exit (background leftovers), and when the
 * calling thread is interrupted. Where it can, it runs the process in its own group under {@link
 * GroupSupervisor}, so the tree also dies when the agent itself is killed.
 *
 * <p>The child gets a minimal environment (PATH, HOME, locale, TMPDIR) plus the spec's variables,
 * so the agent's own secrets (tracker tokens in {@code BZZZ_*}) never reach task code.
 */
public final class ProcessRunner {
  private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);
  private static final List<String> INHERITED_ENVIRONMENT =
      List.of("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "USER", "LOGNAME");
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  private static final int MAX_TRACKED = 1024;

  /**
   * Runs {@code spec} to completion or to its time limit.
   *
   * @throws IOException when the program cannot be started (not found, not executable)
   * @throws InterruptedException when the caller is interrupted; the process tree is killed first
   */
  public ProcessOutcome run(ProcessSpec spec) throws IOException, InterruptedException {
    Optional<GroupSupervisor> supervisor = GroupSupervisor.available();
    ProcessBuilder builder =
        new ProcessBuilder(supervisor.map(s -> s.wrap(spec)).orElse(spec.command()))
            .directory(spec.workingDirectory().toFile())
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().retainAll(INHERITED_ENVIRONMENT);
    env.putAll(spec.environment());
    if (supervisor.isPresent()) {
      GroupSupervisor.requireRunnable(
          spec.command().getFirst(), env.getOrDefault("PATH", ""), spec.workingDirectory());
      if (spec.stdin().isPresent() && !Files.isReadable(spec.stdin().get())) {
        throw new IOException("stdin file is not readable: " + spec.stdin().get());
      }
    } else {
      builder.redirectInput(
          spec.stdin()
              .map(p -> ProcessBuilder.Redirect.from(p.toFile()))
              .orElse(ProcessBuilder.Redirect.from(new File("/dev/null"))));
    }

    long start = System.nanoTime();
    long deadline = start + spec.timeLimit().toNanos();
    Process process = builder.start();
    // Under the supervisor stdin is the agent's end of the watcher's pipe: held, never written,
    // until this JVM or the process ends.
    Runnable killGroup =
        supervisor.isPresent() ? () -> GroupSupervisor.killGroup(process.pid()) : () -> {};
    log.atDebug()
        .addKeyValue("pid", process.pid())
        .addKeyValue("program", spec.command().getFirst())
        .log("process started");
    CappedOutput output = new CappedOutput(spec.outputLimit());
    ReentrantLock outputLock = new ReentrantLock();
    Thread pump =
        Thread.ofVirtual()
            .name("output-" + process.pid())
            .start(() -> pump(process.getInputStream(), output, outputLock));

    // Descendants seen while the process ran: after the root exits they are no longer its
    // descendants, but they must still die with the task.
    Set<ProcessHandle> seen = new HashSet<>();
    boolean timedOut = false;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          timedOut = true;
          break;
        }
        if (process.waitFor(Math.min(left, POLL.toNanos()), TimeUnit.NANOSECONDS)) {
          break;
        }
        process.descendants().forEach(seen::add);
        if (seen.size() > MAX_TRACKED) {
          seen.removeIf(h -> !h.isAlive()); // a long build starts many short processes
        }
      }
    } catch (InterruptedException e) {
      killGroup.run();
      killTree(process, seen);
      pump.join(OUTPUT_DRAIN);
      throw e;
    }
    if (timedOut) {
      log.atWarn()
          .addKeyValue("pid", process.pid())
          .addKeyValue("limit", spec.timeLimit())
          .log("time limit reached, killing the process tree");
      killGroup.run();
      killTree(process, seen);
      spec.cleanupOnKill().ifPresent(this::runCleanup);
    } else {
      killGroup.run();
      killLeftovers(seen);
    }
    if (!pump.join(OUTPUT_DRAIN)) {
      // An escaped grandchild still holds the pipe: stop reading rather than wait for it.
      process.getInputStream().close();
      pump.join(OUTPUT_DRAIN);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    outputLock.lock();
    try {
      return new ProcessOutcome(
          timedOut ? -1 : process.exitValue(), timedOut, output.text(), output.truncated(), took);
    } finally {
      outputLock.unlock();
    }
  }

  private static void pump(InputStream in, CappedOutput output, ReentrantLock lock) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        lock.lock();
        try {
          output.write(buf, 0, n);
        } finally {
          lock.unlock();
        }
      }
    } catch (IOException e) {
      // the stream was closed under us after the process ended
    }
  }

  /**
   * Kills the root and every descendant. The snapshot is taken while the root is alive (so the tree
   * is still linked), then the root dies first so it cannot start replacements.
   */
  private static void killTree(Process process, Set<ProcessHandle> seen) {
    List<ProcessHandle> tree =
        Stream.concat(process.descendants(), seen.stream()).distinct().toList();
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    // Anything a dying child forked between the snapshot and its death.
    tree.stream().flatMap(ProcessHandle::descendants).forEach(ProcessHandle::destroyForcibly);
    awaitExit(Stream.concat(Stream.of(process.toHandle()), tree.stream()).toList());
  }

  private static void killLeftovers(Set<ProcessHandle> seen) {
    List<ProcessHandle> alive = seen.stream().filter(ProcessHandle::isAlive).toList();
    if (alive.isEmpty()) {
      return;
    }
    log.atInfo().addKeyValue("count", alive.size()).log("killing leftover background processes");
    alive.forEach(ProcessHandle::destroyForcibly);
    awaitExit(alive);
  }

  private static void awaitExit(List<ProcessHandle> handles) {
    long deadline = System.nanoTime() + KILL_WAIT.toNanos();
    for (ProcessHandle h : handles) {
      try {
        h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        log.atWarn().addKeyValue("pid", h.pid()).log("process did not exit after SIGKILL");
      }
    }
  }

  private void runCleanup(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      log.atWarn().addKeyValue("program", command.getFirst()).log("cleanup command failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
