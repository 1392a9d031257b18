package io.bzzz.agent.exec.sandbox;

import io.bzzz.agent.exec.ProcessOutcome;
import io.bzzz.agent.exec.ProcessSpec;
import io.bzzz.agent.exec.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs task processes in a throw-away container ({@code --sandbox container}): podman or docker,
 * the workspace mounted read-write at its own path (so paths in the command stay valid), extra
 * files read-only, a read-only root file system with a private {@code /tmp}, no network unless
 * configured, all capabilities dropped, no privilege gain, the {@link Settings#limits() limits},
 * and the workspace owner's uid so the files it writes stay the agent's. Variables are passed by
 * name ({@code -e NAME}), so their values never appear on a command line.
 *
 * <p>A killed engine client does not stop its container, so every run gets a name and a {@code rm
 * -f} cleanup the process runner calls after a timeout.
 *
 * <p>The engines exit 125 for their own errors, 126 when the runtime cannot start the process and
 * 127 when it is missing, and the task may exit with any of these too. So the task runs under
 * {@code sh -c}, which writes the task's exit code into a per-run status directory mounted at its
 * host path: a 125, 126 or 127 without that file is the sandbox's failure, with it the task's.
 */
public final class ContainerSandbox implements Sandbox {

  /** A limit the engine enforces through a cgroup or an rlimit; a host may refuse some. */
  public record Limit(String what, List<String> flags) {
    public Limit {
      flags = List.copyOf(flags);
    }

    @Override
    public String toString() {
      return what + " (" + String.join(" ", flags) + ")";
    }
  }

  /**
   * Image, network, OCI runtime and limits for the container.
   *
   * @param runtime the engine's OCI runtime ({@code --runtime}), or the engine's default
   */
  public record Settings(
      String image, String network, Optional<String> runtime, List<Limit> limits) {
    public Settings {
      limits = List.copyOf(limits);
      runtime.ifPresent(ContainerSandbox::checkRuntime);
    }

    /**
     * 512 processes, 2 GiB, 2 CPUs, and explicit rlimits: without them podman asks for its own
     * defaults (1048576 open files), which a host whose hard limit is lower refuses. {@code nproc}
     * counts every process of the container's uid on the host, so it is set well above the
     * per-container pid limit that does the real work.
     */
    public static Settings defaults(String image) {
      return new Settings(
          image,
          "none",
          Optional.empty(),
          List.of(
              new Limit("process limit", List.of("--pids-limit", "512")),
              new Limit("memory limit", List.of("--memory", "2g")),
              new Limit("CPU limit", List.of("--cpus", "2")),
              new Limit("open-file limit", List.of("--ulimit", "nofile=1024:1024")),
              new Limit("per-user process limit", List.of("--ulimit", "nproc=4096:4096"))));
    }

    public Settings withRuntime(Optional<String> r) {
      return new Settings(image, network, r, limits);
    }

    public Settings withLimits(List<Limit> l) {
      return new Settings(image, network, runtime, l);
    }
  }

  /** Variables the engine client itself needs to find its daemon or socket. */
  private static final List<String> ENGINE_ENVIRONMENT =
      List.of("DOCKER_HOST", "DOCKER_CONFIG", "CONTAINER_HOST", "XDG_RUNTIME_DIR");

  /** podman's and docker's exit code for their own errors, as opposed to the command's. */
  static final int ENGINE_ERROR = 125;

  /** The engines' codes for "could not invoke" (126) and "not found" (127) inside the container. */
  private static final List<Integer> ENGINE_CODES = List.of(ENGINE_ERROR, 126, 127);

  /** Runs argv and records its exit code in the file given first; the task never sees it. */
  private static final String RECORD_EXIT =
      "f=$1; shift; \"$@\"; s=$?; echo \"$s\" > \"$f\"; exit $s";

  static final String STATUS_FILE = "exit";

  private final ContainerEngine engine;
  private final Settings settings;
  private final Map<String, String> agentEnvironment;
  private final Supplier<String> names;
  private final Path statusRoot;

  /**
   * @param statusRoot a directory only the agent can enter; each run's exit-status directory goes
   *     there and is deleted when the run is judged
   */
  public ContainerSandbox(
      ContainerEngine engine,
      Settings settings,
      Map<String, String> agentEnvironment,
      Path statusRoot) {
    this(engine, settings, agentEnvironment, statusRoot, () -> "bzzz-" + UUID.randomUUID());
  }

  ContainerSandbox(
      ContainerEngine engine,
      Settings settings,
      Map<String, String> agentEnvironment,
      Path statusRoot,
      Supplier<String> names) {
    this.engine = engine;
    this.settings = settings;
    this.agentEnvironment = Map.copyOf(agentEnvironment);
    this.statusRoot = statusRoot;
    this.names = names;
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public ProcessSpec wrap(ProcessSpec spec, Path workspace, List<Path> readOnly) {
    String name = names.get();
    Path status = statusDirectory(name);
    String exe = engine.executable().toString();
    boolean podman = engine.kind() == ContainerEngine.Kind.PODMAN;
    String relabel = podman ? ",Z" : "";
    List<String> cmd = new ArrayList<>();
    cmd.add(exe);
    // podman takes the runtime as a global flag, docker as a run flag
    settings.runtime().filter(r -> podman).ifPresent(r -> cmd.addAll(List.of("--runtime", r)));
    cmd.addAll(List.of("run", "--rm", "--name", name));
    settings.runtime().filter(r -> !podman).ifPresent(r -> cmd.addAll(List.of("--runtime", r)));
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
            "no-new-privileges"));
    settings.limits().forEach(l -> cmd.addAll(l.flags()));
    cmd.addAll(List.of("--read-only", "--tmpfs", "/tmp"));
    owner(workspace).ifPresent(u -> cmd.addAll(List.of("--user", u)));
    cmd.addAll(List.of("-v", workspace + ":" + workspace + ":rw" + relabel));
    for (Path p : readOnly) {
      cmd.addAll(List.of("-v", p + ":" + p + ":ro" + relabel));
    }
    cmd.addAll(List.of("-v", status + ":" + status + ":rw" + relabel));
    cmd.addAll(List.of("-w", spec.workingDirectory().toString()));
    spec.environment().keySet().stream().sorted().forEach(k -> cmd.addAll(List.of("-e", k)));
    cmd.add(settings.image());
    cmd.addAll(
        List.of("sh", "-c", RECORD_EXIT, "bzzz-run", status.resolve(STATUS_FILE).toString()));
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
  public Optional<String> failure(ProcessSpec wrapped, ProcessOutcome outcome) {
    Optional<Path> status = statusOf(wrapped);
    boolean taskRan = status.map(s -> Files.exists(s.resolve(STATUS_FILE))).orElse(false);
    status.ifPresent(ContainerSandbox::deleteStatus);
    if (outcome.timedOut() || taskRan || !ENGINE_CODES.contains(outcome.exitCode())) {
      return Optional.empty();
    }
    return Optional.of(
        engineName()
            + " could not run the container (exit "
            + outcome.exitCode()
            + "): "
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

  /** A fresh directory the container's user can write, under the agent-only root. */
  private Path statusDirectory(String name) {
    try {
      Files.createDirectories(statusRoot);
      Files.setPosixFilePermissions(statusRoot, PosixFilePermissions.fromString("rwx------"));
      Path dir = Files.createDirectory(statusRoot.resolve(name));
      // The container may run as another uid than the agent; the private root keeps others out.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the sandbox status directory", e);
    }
  }

  /** The status directory {@link #wrap} put after {@code bzzz-run}, if this is our command. */
  private Optional<Path> statusOf(ProcessSpec wrapped) {
    int i = wrapped.command().indexOf("bzzz-run");
    if (i < 0 || i + 1 >= wrapped.command().size()) {
      return Optional.empty();
    }
    Path file = Path.of(wrapped.command().get(i + 1));
    return file.startsWith(statusRoot) ? Optional.of(file.getParent()) : Optional.empty();
  }

  private static void deleteStatus(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a leftover empty directory in the agent's private status root is harmless
    }
  }

  private String engineName() {
    return engine.kind().name().toLowerCase(Locale.ROOT);
  }

  private static void checkRuntime(String runtime) {
    if (!runtime.matches("[A-Za-z0-9_./-]+") || runtime.startsWith("-")) {
      throw new IllegalArgumentException(
          "container runtime must be a name or a path, got '" + runtime + "'");
    }
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
