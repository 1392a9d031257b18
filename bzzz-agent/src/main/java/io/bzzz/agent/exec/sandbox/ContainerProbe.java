package io.bzzz.agent.exec.sandbox;

import io.bzzz.agent.exec.ProcessOutcome;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.exec.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code true} once at start-up through the sandbox's real command line, to find the limits
 * this host's engine refuses (a cgroup controller it cannot use, an rlimit above the hard limit)
 * and drop them with a warning naming each one, instead of failing every task. A container that
 * does not start even without limits (missing image, broken runtime) is reported and the settings
 * are kept, so each task then fails with the engine's own message.
 */
public final class ContainerProbe {
  private static final Logger log = LoggerFactory.getLogger(ContainerProbe.class);

  /** The first start may unpack a large image. */
  private static final Duration PROBE_TIME_LIMIT = Duration.ofMinutes(2);

  /** What the probe found: the settings to use and the limits the engine refused. */
  public record Result(ContainerSandbox.Settings settings, List<ContainerSandbox.Limit> refused) {
    public Result {
      refused = List.copyOf(refused);
    }
  }

  private final ProcessRunner runner;
  private final Path scratch;

  /**
   * @param scratch a directory the probe may create its empty workspace and status files in
   */
  public ContainerProbe(ProcessRunner runner, Path scratch) {
    this.runner = runner;
    this.scratch = scratch;
  }

  /**
   * @param sandboxes the sandbox for a given set of settings (engine and environment fixed)
   */
  public Result probe(
      Function<ContainerSandbox.Settings, ContainerSandbox> sandboxes,
      ContainerSandbox.Settings settings)
      throws InterruptedException {
    Optional<String> all = attempt(sandboxes, settings);
    if (all.isEmpty()) {
      return new Result(settings, List.of());
    }
    Optional<String> bare = attempt(sandboxes, settings.withLimits(List.of()));
    if (bare.isPresent()) {
      log.atError()
          .addKeyValue("image", settings.image())
          .addKeyValue("error", bare.get())
          .log(
              "the container engine cannot start a container even without limits; tasks will fail"
                  + " with SANDBOX_FAILED until this is fixed");
      return new Result(settings, List.of());
    }
    List<ContainerSandbox.Limit> kept = new ArrayList<>();
    List<ContainerSandbox.Limit> refused = new ArrayList<>();
    for (ContainerSandbox.Limit limit : settings.limits()) {
      Optional<String> error = attempt(sandboxes, settings.withLimits(List.of(limit)));
      if (error.isPresent()) {
        refused.add(limit);
        log.atWarn()
            .addKeyValue("limit", limit)
            .addKeyValue("error", error.get())
            .log("the container engine refuses this limit here; it is NOT enforced");
      } else {
        kept.add(limit);
      }
    }
    return new Result(settings.withLimits(kept), refused);
  }

  /** The sandbox's failure for {@code true} under {@code settings}, or empty when it ran. */
  private Optional<String> attempt(
      Function<ContainerSandbox.Settings, ContainerSandbox> sandboxes,
      ContainerSandbox.Settings settings)
      throws InterruptedException {
    ContainerSandbox sandbox = sandboxes.apply(settings);
    Path workspace = null;
    try {
      Files.createDirectories(scratch);
      workspace = Files.createTempDirectory(scratch, "probe-");
      ProcessSpec wrapped =
          sandbox.wrap(
              ProcessSpec.of(List.of("true"), workspace).withLimits(PROBE_TIME_LIMIT, 64 * 1024),
              workspace,
              List.of());
      ProcessOutcome outcome = runner.run(wrapped);
      Optional<String> failure = sandbox.failure(wrapped, outcome);
      if (outcome.timedOut()) {
        return Optional.of("the probe container did not finish within " + PROBE_TIME_LIMIT);
      }
      return failure;
    } catch (IOException e) {
      return sandbox.startFailure(e);
    } finally {
      if (workspace != null) {
        deleteQuietly(workspace);
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.atDebug().addKeyValue("dir", dir).log("cannot delete the probe workspace");
    }
  }
}
