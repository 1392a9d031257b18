package io.bzzz.agent.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties a task's processes to the agent's life. The task runs in a new session (its own process
 * group, whose id is the supervisor's pid) under a small fixed bash supervisor whose stdin is a
 * pipe from the agent. A watcher in the group waits on that pipe; it reaches end-of-file only when
 * the agent died (a SIGKILL included, since the kernel closes the agent's end), and then runs the
 * spec's cleanup command (for a container outside the group) and kills the whole group. When the
 * task ends first the supervisor stops the watcher and exits with the task's code; the agent then
 * kills what is left of the group ({@link #killGroup}).
 *
 * <p>Without this a task outlived a killed agent, finished its side effects, and ran a second time
 * when the restarted agent redid its claim. Task arguments reach the script only as {@code "$@"},
 * never inside its text; the child's environment stays exactly the spec's.
 */
final class GroupSupervisor {
  private static final Logger log = LoggerFactory.getLogger(GroupSupervisor.class);

  /**
   * $1 stdin file, $2 exit status file (empty: none), $3 number of cleanup words, then the cleanup
   * command, then the task command. Bash adds {@code _} and {@code SHLVL} to what it runs; {@code
   * env -u} takes them out again. The exit code is written before the watcher is stopped: from then
   * on a killed agent can tell a finished task from an unfinished one.
   */
  private static final String SCRIPT =
      """
      in=$1; status=$2; n=$3; shift 3
      cleanup=("${@:1:n}"); shift "$n"
      unset OLDPWD PWD
      exec 3<&0 </dev/null
      env -u _ -u SHLVL -- "$@" <"$in" 3<&- &
      child=$!
      (
        while read -r _; do :; done
        if [ "${#cleanup[@]}" -gt 0 ]; then "${cleanup[@]}"; fi
        kill -KILL 0
      ) <&3 >/dev/null 2>&1 &
      watcher=$!
      disown "$watcher"
      # bash reports a killed child on its own stderr: keep that out of the task's output
      exec 3<&- 2>/dev/null
      wait "$child"
      rc=$?
      if [ -n "$status" ]; then printf '%s\n' "$rc" >"$status"; fi
      kill -KILL "$watcher"
      exit "$rc"
      """;

  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  private static final Duration KILL_POLL = Duration.ofMillis(5);

  private static final Optional<GroupSupervisor> AVAILABLE = locate();

  private final String setsid;
  private final String bash;

  private GroupSupervisor(String setsid, String bash) {
    this.setsid = setsid;
    this.bash = bash;
  }

  /**
   * The supervisor, or empty where {@code setsid} or {@code bash} is missing (then unsupervised).
   */
  static Optional<GroupSupervisor> available() {
    return AVAILABLE;
  }

  /** The command line that runs {@code spec} under the supervisor. */
  List<String> wrap(ProcessSpec spec) {
    List<String> cleanup = spec.cleanupOnKill().orElse(List.of());
    List<String> argv = new ArrayList<>();
    argv.addAll(List.of(setsid, bash, "-c", SCRIPT, "bzzz-task"));
    argv.add(spec.stdin().map(Path::toString).orElse("/dev/null"));
    argv.add(spec.exitStatusFile().map(Path::toString).orElse(""));
    argv.add(Integer.toString(cleanup.size()));
    argv.addAll(cleanup);
    argv.addAll(spec.command());
    return argv;
  }

  /**
   * Kills every process left in group {@code pgid}, the leader last, and waits until none runs (a
   * zombie no longer runs). While any member lives the kernel does not hand the id to a new
   * process, so this never hits a stranger. Members are looked up again each round, in case one
   * forked between the scan and its death. /proc is polled because waiting through {@link
   * ProcessHandle#onExit} on a process that is not our child sleeps 300 ms at a time.
   */
  static void killGroup(long pgid) {
    long deadline = System.nanoTime() + KILL_WAIT.toNanos();
    while (true) {
      List<Long> running = running(pgid);
      if (running.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        log.atWarn()
            .addKeyValue("group", pgid)
            .addKeyValue("pids", running)
            .log("processes did not exit after SIGKILL");
        return;
      }
      running.stream()
          .sorted(Comparator.comparing((Long pid) -> pid == pgid))
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      LockSupport.parkNanos(KILL_POLL.toNanos());
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  /** Pids of group {@code pgid} that still run (not zombies), from /proc/PID/stat. */
  private static List<Long> running(long pgid) {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : proc) {
        try {
          String stat = Files.readString(p.resolve("stat"));
          // after the command's closing parenthesis: state, ppid, pgrp, ...
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
          if (Long.parseLong(fields[2]) == pgid && !"Z".equals(fields[0])) {
            pids.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException | RuntimeException e) {
          // gone meanwhile
        }
      }
    } catch (IOException e) {
      log.atWarn().log("cannot list /proc: " + e.getMessage());
    }
    return pids;
  }

  /**
   * Fails as starting it directly would when {@code program} cannot be run: under the supervisor
   * bash would only report exit code 127.
   */
  static void requireRunnable(String program, String searchPath, Path workingDirectory)
      throws IOException {
    boolean found =
        program.contains("/")
            ? runnable(workingDirectory.resolve(program))
            : find(program, searchPath).isPresent();
    if (!found) {
      throw new IOException("Cannot run program \"" + program + "\": not found or not executable");
    }
  }

  private static Optional<GroupSupervisor> locate() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    Optional<String> setsid = find("setsid", path);
    Optional<String> bash = find("bash", path);
    if (setsid.isEmpty() || bash.isEmpty()) {
      log.atWarn()
          .addKeyValue("setsid", setsid.isPresent())
          .addKeyValue("bash", bash.isPresent())
          .log("task processes are not tied to the agent's life: setsid or bash not found");
      return Optional.empty();
    }
    return Optional.of(new GroupSupervisor(setsid.get(), bash.get()));
  }

  private static Optional<String> find(String program, String searchPath) {
    for (String dir : searchPath.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (runnable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  private static boolean runnable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }
}
