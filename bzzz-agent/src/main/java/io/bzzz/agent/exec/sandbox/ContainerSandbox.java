package io.bzzz.agent.exec.sandbox;

import io.bzzz.agent.exec.ProcessOutcome;
import io.bzzz.agent.exec.ProcessSpec;
import io.bzzz.agent.exec.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs task processes in a throw-away container ({@code --sandbox container}): podman or docker,
 * the workspace mounted read-write at its own path (so paths in the command stay valid), extra
 * files read-only, a read-only root file system with a private {@code /tmp}, no network unless
 * configured, all capabilities dropped, no privilege gain, a pid, memory and CPU limit, and the
 * agent's uid so the files it writes stay the agent's. Variables are passed by name ({@code -e
 * NAME}), so their values never appear on a command line.
 *
 * <p>A killed engine client does not stop its container, so every run gets a name and a {@code rm
 * -f} cleanup the process runner calls after a timeout.
 *
 * <p>Exit code 125 is the engines' own ("the error is with podman/docker itself": unknown flag,
 * missing image, bad mount); it is reported as a sandbox failure, never as the task's.
 */
public final class ContainerSandbox implements Sandbox {

  /** Limits and image for the container. */
  public record Settings(String image, String network, String memory, String cpus, int pidsLimit) {
    public static Settings defaults(String image) {
      return new Settings(image, "none", "2g", "2", 512);
    }
  }

  /** Variables the engine client itself needs to find its daemon or socket. */
  private static final List<String> ENGINE_ENVIRONMENT =
      List.of("DOCKER_HOST", "DOCKER_CONFIG", "CONTAINER_HOST", "XDG_RUNTIME_DIR");

  /** podman's and docker's exit code for their own errors, as opposed to the command's. */
  static final int ENGINE_ERROR = 125;

  private final ContainerEngine engine;
  private final Settings settings;
  private final Map<String, String> agentEnvironment;
  private final Supplier<String> names;

  public ContainerSandbox(
      ContainerEngine engine, Settings settings, Map<String, String> agentEnvironment) {
    this(engine, settings, agentEnvironment, () -> "bzzz-" + UUID.randomUUID());
  }

  ContainerSandbox(
      ContainerEngine engine,
      Settings settings,
      Map<String, String> agentEnvironment,
      Supplier<String> names) {
    this.engine = engine;
    this.settings = settings;
    this.agentEnvironment = Map.copyOf(agentEnvironment);
    this.names = names;
  }

  @Override
  public ProcessSpec wrap(ProcessSpec spec, Path workspace, List<Path> readOnly) {
    String name = names.get();
    String exe = engine.executable().toString();
    boolean podman = engine.kind() == ContainerEngine.Kind.PODMAN;
    String relabel = podman ? ",Z" : "";
    List<String> cmd = new ArrayList<>();
    cmd.addAll(List.of(exe, "run", "--rm", "--name", name));
    if (spec.stdin().isPresent()) {
      cmd.add("-i");
    }
    cmd.addAll(
        List.of(
            "--network",
            settings.network(),
            "--cap-drop",
            "ALL",
            "--security-opt",
            "no-new-privileges",
            "--pids-limit",
            Integer.toString(settings.pidsLimit()),
            "--memory",
            settings.memory(),
            "--cpus",
            settings.cpus(),
            "--read-only",
            "--tmpfs",
            "/tmp"));
    owner(workspace).ifPresent(u -> cmd.addAll(List.of("--user", u)));
    cmd.addAll(List.of("-v", workspace + ":" + workspace + ":rw" + relabel));
    for (Path p : readOnly) {
      cmd.addAll(List.of("-v", p + ":" + p + ":ro" + relabel));
    }
    cmd.addAll(List.of("-w", spec.workingDirectory().toString()));
    spec.environment().keySet().stream().sorted().forEach(k -> cmd.addAll(List.of("-e", k)));
    cmd.add(settings.image());
    cmd.addAll(spec.command());

    Map<String, String> env = new HashMap<>(spec.environment());
    ENGINE_ENVIRONMENT.forEach(
        k -> {
          if (agentEnvironment.containsKey(k)) {
            env.put(k, agentEnvironment.get(k));
          }
        });
    return spec.withCommand(cmd)
        .withEnvironment(env)
        .withCleanupOnKill(List.of(exe, "rm", "-f", name));
  }

  @Override
  public Optional<String> failure(ProcessOutcome outcome) {
    if (outcome.timedOut() || outcome.exitCode() != ENGINE_ERROR) {
      return Optional.empty();
    }
    return Optional.of(
        engineName()
            + " could not run the container (exit 125): "
            + lastLine(outcome.output())
            + " (image "
            + settings.image()
            + ")");
  }

  @Override
  public Optional<String> startFailure(IOException e) {
    return Optional.of(
        "the container engine "
            + engine.executable()
            + " cannot be started ("
            + e.getMessage()
            + "); install podman or docker, or run the agent with --sandbox none");
  }

  private String engineName() {
    return engine.kind().name().toLowerCase(Locale.ROOT);
  }

  private static String lastLine(String output) {
    String trimmed = output.strip();
    String last = trimmed.substring(trimmed.lastIndexOf('\n') + 1);
    return last.isEmpty() ? "no message" : last.length() > 300 ? last.substring(0, 300) : last;
  }

  private static Optional<String> owner(Path workspace) {
    try {
      Object uid = Files.getAttribute(workspace, "unix:uid");
      Object gid = Files.getAttribute(workspace, "unix:gid");
      return Optional.of(uid + ":" + gid);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
