package io.bzzz.cli.agent;

import io.bzzz.cli.common.CliFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo's agents, each a separate {@code bzzz agent} process on the same Java and class path, on
 * loopback. Owns the processes: {@link #close} stops them with SIGTERM, then SIGKILL.
 */
final class DemoAgents implements AutoCloseable {
  /** A started agent: its process and what it printed about itself. */
  record Running(String name, Process process, String peerId, String multiaddr, String health) {}

  private final List<Running> agents = new ArrayList<>();

  List<Running> agents() {
    return List.copyOf(agents);
  }

  /**
   * The class-data-sharing archive this JVM started with (the launcher's, see scripts/cds-archive):
   * the agents share it, so the demo's agents start on less CPU too.
   */
  private static List<String> sharedArchive() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-XX:SharedArchiveFile="))
        .toList();
  }

  Running start(String name, Path dataDir, List<String> agentArgs, Path logFile) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(sharedArchive());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.bzzz.cli.Bzzz");
    cmd.add("agent");
    cmd.add("--name");
    cmd.add(name);
    cmd.add("--data-dir");
    cmd.add(dataDir.toString());
    cmd.addAll(agentArgs);
    Process p;
    try {
      p =
          new ProcessBuilder(cmd)
              .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
    } catch (IOException e) {
      throw new CliFailure("cannot start agent " + name + ": " + e.getMessage());
    }
    CompletableFuture<String[]> ready = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("demo-" + name)
        .start(
            () -> {
              String peer = "";
              String addr = "";
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (line.startsWith("peer ")) {
                    peer = line.substring(5);
                  } else if (line.startsWith("listen ") && addr.isEmpty()) {
                    addr = line.substring(7);
                  } else if (line.startsWith("api ")) {
                    ready.complete(new String[] {peer, addr, line.substring(4)});
                  }
                }
              } catch (IOException e) {
                // the process ended; a missing "api" line is reported below
              }
              ready.complete(null);
            });
    String[] info;
    try {
      info = ready.get(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new CliFailure("interrupted while starting " + name);
    } catch (ExecutionException | TimeoutException e) {
      info = null;
    }
    if (info == null) {
      p.destroyForcibly();
      throw new CliFailure("agent " + name + " did not start; see " + logFile);
    }
    Running running = new Running(name, p, info[0], info[1], info[2]);
    agents.add(running);
    return running;
  }

  Optional<Running> byName(String name) {
    return agents.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  @Override
  public void close() {
    agents.forEach(a -> a.process().destroy());
    for (Running a : agents) {
      try {
        if (!a.process().waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
          a.process().descendants().forEach(ProcessHandle::destroyForcibly);
          a.process().destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        a.process().destroyForcibly();
      }
    }
  }
}
