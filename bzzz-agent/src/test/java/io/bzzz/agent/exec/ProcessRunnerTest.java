package io.bzzz.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
  private final ProcessRunner runner = new ProcessRunner();
  @TempDir Path dir;

  @Test
  void runsInTheWorkingDirectoryAndReportsExitZero() throws Exception {
    ProcessOutcome out =
        runner.run(ProcessSpec.of(List.of("sh", "-c", "echo hello > made.txt; echo done"), dir));

    assertThat(out.succeeded()).isTrue();
    assertThat(out.exitCode()).isZero();
    assertThat(out.output()).isEqualTo("done\n");
    assertThat(Files.readString(dir.resolve("made.txt"))).isEqualTo("hello\n");
  }

  @Test
  void reportsNonZeroExitCodeWithStderr() throws Exception {
    ProcessOutcome out =
        runner.run(ProcessSpec.of(List.of("sh", "-c", "echo oops >&2; exit 7"), dir));

    assertThat(out.succeeded()).isFalse();
    assertThat(out.timedOut()).isFalse();
    assertThat(out.exitCode()).isEqualTo(7);
    assertThat(out.output()).contains("oops");
  }

  @Test
  void capsHugeOutputKeepingHeadAndTail() throws Exception {
    // 20 MB of output with a recognisable first and last line.
    String script = "echo FIRST; head -c 20000000 /dev/zero | tr '\\0' x; echo; echo LAST";
    ProcessOutcome out =
        runner.run(
            ProcessSpec.of(List.of("sh", "-c", script), dir)
                .withLimits(Duration.ofMinutes(2), 64 * 1024));

    assertThat(out.exitCode()).isZero();
    assertThat(out.outputTruncated()).isTrue();
    assertThat(out.output()).startsWith("FIRST\n").endsWith("LAST\n");
    assertThat(out.output()).contains("bytes of output omitted");
    assertThat(out.output().length()).isLessThan(64 * 1024 + 100);
  }

  @Test
  void killsTheProcessTreeAtTheTimeLimit() throws Exception {
    // The child prints its pid, then both wait forever.
    ProcessOutcome out =
        runner.run(
            ProcessSpec.of(List.of("sh", "-c", "sleep 1000 & echo child=$!; wait"), dir)
                .withLimits(Duration.ofSeconds(2), 4096));

    assertThat(out.timedOut()).isTrue();
    assertThat(out.succeeded()).isFalse();
    assertThat(out.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    long child = Long.parseLong(out.output().strip().substring("child=".length()));
    assertThat(isGone(child)).as("child %d is gone", child).isTrue();
  }

  @Test
  void killsBackgroundLeftoversAfterANormalExit() throws Exception {
    ProcessOutcome out =
        runner.run(
            ProcessSpec.of(
                List.of("sh", "-c", "sleep 1000 >/dev/null 2>&1 & echo child=$!; sleep 1"), dir));

    assertThat(out.exitCode()).isZero();
    long child = Long.parseLong(out.output().strip().substring("child=".length()));
    assertThat(isGone(child)).as("leftover %d is gone", child).isTrue();
  }

  @Test
  void killsADoubleForkedLeftoverThatLeftTheTreeAtOnce() throws Exception {
    // The subshell exits at once, so the sleep is re-parented before anyone sees it as a
    // descendant; it stays in the task's process group.
    ProcessOutcome out =
        runner.run(
            ProcessSpec.of(
                List.of("sh", "-c", "(sleep 1000 >/dev/null 2>&1 & echo child=$!)"), dir));

    assertThat(out.exitCode()).isZero();
    long child = Long.parseLong(out.output().strip().substring("child=".length()));
    assertThat(isGone(child)).as("re-parented leftover %d is gone", child).isTrue();
  }

  @Test
  void interruptingTheCallerKillsTheTree() throws Exception {
    Path pidFile = dir.resolve("pid");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    runner.run(
                        ProcessSpec.of(
                            List.of("sh", "-c", "sleep 1000 & echo $! > pid; wait"), dir));
                  } catch (Throwable t) {
                    thrown.set(t);
                  }
                });
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long child = Long.parseLong(Files.readString(pidFile).strip());
    caller.interrupt();
    caller.join(Duration.ofSeconds(30));

    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(isGone(child)).isTrue();
  }

  @Test
  void givesTheChildOnlyAMinimalEnvironmentPlusTheSpecs() throws Exception {
    ProcessOutcome out =
        runner.run(
            ProcessSpec.of(List.of("/usr/bin/env"), dir).withEnvironment(Map.of("EXTRA", "1")));

    Set<String> names = new HashSet<>();
    Arrays.stream(out.output().split("\n"))
        .filter(l -> l.contains("="))
        .forEach(l -> names.add(l.substring(0, l.indexOf('='))));
    assertThat(names).contains("EXTRA", "PATH");
    assertThat(names)
        .isSubsetOf(
            "EXTRA",
            "PATH",
            "HOME",
            "LANG",
            "LC_ALL",
            "LC_CTYPE",
            "TZ",
            "TMPDIR",
            "USER",
            "LOGNAME");
  }

  @Test
  void aMissingProgramIsAnIoException() {
    assertThatThrownBy(() -> runner.run(ProcessSpec.of(List.of("/nonexistent/prog"), dir)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void stdinComesFromTheGivenFileOrIsEmpty() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "from file\n");
    assertThat(runner.run(ProcessSpec.of(List.of("cat"), dir).withStdin(in)).output())
        .isEqualTo("from file\n");
    assertThat(runner.run(ProcessSpec.of(List.of("cat"), dir)).output()).isEmpty();
  }

  /** Dead, or killed and waiting for its reaper (state Z in /proc). */
  static boolean isGone(long pid) throws IOException {
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      Path stat = Path.of("/proc", Long.toString(pid), "stat");
      if (!Files.exists(stat)) {
        return true;
      }
      String s = Files.readString(stat);
      char state = s.charAt(s.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    }
    return true;
  }
}
