package io.bzzz.cli.chaos;

import io.bzzz.testing.ChildProcess;
import io.bzzz.testing.NetnsLan;
import io.bzzz.testing.RepoRoot;
import io.bzzz.tracker.local.LocalTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts, SIGKILLs and restarts the processes of a chaos run: the local tracker ({@code bzzz
 * tracker serve}) and the agents ({@code bzzz agent}), each inside its host's namespace, always on
 * the same data directory and port, so a restart is the same tracker or the same peer. Owns every
 * process it started; {@link #close} kills them all. Each process logs to {@code
 * dir/logs/NNN-name.log} (INFO, the agent at DEBUG); {@link #close} adds its stderr beside it.
 */
final class ChaosSupervisor implements AutoCloseable {
  private static final Duration START = Duration.ofMinutes(2);
  private static final String LOGBACK =
      java.util.Objects.requireNonNull(
              ChaosSupervisor.class.getResource("/chaos/logback-chaos.xml"),
              "chaos/logback-chaos.xml on the test classpath")
          .toString();

  private final NetnsLan lan;
  private final ChaosTopology topology;
  private final Path dir;
  private final Path trackerDir;
  private final String repo;
  private final Map<Integer, ChildProcess> agents = new ConcurrentHashMap<>();
  private final Map<Integer, String> multiaddrs = new ConcurrentHashMap<>();
  private final List<Launched> started = new ArrayList<>();
  private volatile ChildProcess tracker;

  ChaosSupervisor(NetnsLan lan, ChaosTopology topology, Path dir, Path trackerDir, String repo) {
    this.lan = lan;
    this.topology = topology;
    this.dir = dir;
    this.trackerDir = trackerDir;
    this.repo = repo;
  }

  String trackerUrl() {
    return "http://" + lan.address(topology.trackerHost()) + ":" + ChaosTopology.TRACKER_PORT;
  }

  Path agentDir(int agent) {
    return dir.resolve(topology.agentName(agent));
  }

  void startTracker() {
    ChildProcess p =
        launch(
            "tracker",
            topology.trackerHost(),
            List.of(
                "tracker",
                "serve",
                "--listen",
                "0.0.0.0:" + ChaosTopology.TRACKER_PORT,
                "--data",
                trackerDir.toString(),
                "--public-url",
                trackerUrl()));
    awaitStarted(p, "http");
    tracker = p;
  }

  void killTracker() {
    ChildProcess p = tracker;
    p.kill();
    p.awaitExit(Duration.ofSeconds(30));
  }

  /**
   * Starts agent {@code agent}; it bootstraps to every agent started before it (their addresses are
   * stable: same identity, same port), and finds the others by mDNS.
   */
  void startAgent(int agent) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "agent",
                "--name",
                topology.agentName(agent),
                "--data-dir",
                agentDir(agent).toString(),
                "--tracker-url",
                trackerUrl(),
                "--token-file",
                trackerDir.resolve(LocalTracker.ADMIN_TOKEN_FILE).toString(),
                "--repo",
                repo,
                "--executor",
                "script",
                "--trusted-author",
                LocalTracker.ADMIN,
                "--listen",
                "/ip4/0.0.0.0/tcp/" + topology.p2pPort(agent),
                "--poll-interval",
                "1s",
                "--availability-interval",
                FaultSchedule.AVAILABILITY_INTERVAL.toSeconds() + "s",
                "--max-tasks",
                Integer.toString(topology.slots()),
                "--shutdown-grace",
                "2",
                "--executor-timeout",
                "60s"));
    multiaddrs.forEach(
        (other, address) -> {
          if (other != agent) {
            args.addAll(List.of("--bootstrap", address));
          }
        });
    ChildProcess p = launch(topology.agentName(agent), topology.hostOf(agent), args);
    agents.put(agent, p);
    String peer = awaitStarted(p, "peer ").substring(5);
    multiaddrs.put(
        agent,
        "/ip4/"
            + lan.address(topology.hostOf(agent))
            + "/tcp/"
            + topology.p2pPort(agent)
            + "/p2p/"
            + peer);
  }

  /**
   * The line that says {@code p} is up; a process that does not come up is killed, so that the
   * caller may try again on the same port and data directory.
   */
  private static String awaitStarted(ChildProcess p, String prefix) {
    try {
      return p.awaitLineStartingWith(prefix, START);
    } catch (AssertionError e) {
      p.kill();
      throw e;
    }
  }

  void killAgent(int agent) {
    ChildProcess p = agents.get(agent);
    p.kill();
    p.awaitExit(Duration.ofSeconds(30));
  }

  /** SIGTERM to every agent (a normal stop), SIGKILL to any still running after the grace. */
  void stopAgents() {
    agents.values().forEach(ChildProcess::terminate);
    for (ChildProcess p : agents.values()) {
      try {
        p.awaitExit(Duration.ofSeconds(30));
      } catch (AssertionError e) {
        p.kill();
      }
    }
  }

  void stopTracker() {
    tracker.terminate();
    tracker.awaitExit(Duration.ofSeconds(30));
  }

  private ChildProcess launch(String name, int host, List<String> args) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path logs = dir.resolve("logs");
    Path log;
    synchronized (started) {
      log = logs.resolve(String.format("%03d-%s.log", started.size(), name));
    }
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java.toString(),
                // six JVMs share two cores: C1 only, a small heap, one GC thread
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                // the test classpath carries other modules' logback-test.xml (WARN to stderr);
                // this one writes INFO, and the agent's DEBUG, to a file per process
                "-Dlogback.configurationFile=" + LOGBACK,
                "-Dbzzz.chaos.log=" + log,
                "-cp",
                System.getProperty("java.class.path"),
                "io.bzzz.cli.Bzzz"));
    cmd.addAll(args);
    ChildProcess p =
        ChildProcess.start(
            name + " in " + lan.namespace(host),
            RepoRoot.path(),
            Map.of(),
            lan.inNamespace(host, cmd));
    synchronized (started) {
      started.add(new Launched(name, p));
    }
    return p;
  }

  private record Launched(String name, ChildProcess process) {}

  @Override
  public void close() {
    List<Launched> all;
    synchronized (started) {
      all = List.copyOf(started);
    }
    all.forEach(l -> l.process().close());
    Path logs = dir.resolve("logs");
    try {
      Files.createDirectories(logs);
      for (int i = 0; i < all.size(); i++) {
        Launched l = all.get(i);
        Files.write(
            logs.resolve(String.format("%03d-%s.stderr", i, l.name())), l.process().stderrLines());
      }
    } catch (IOException e) {
      System.err.println("chaos: cannot keep process logs: " + e.getMessage());
    }
  }
}
