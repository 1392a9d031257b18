package io.bzzz.cli.chaos;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.testing.NetnsLan;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.local.LocalTracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One chaos run: seeds the repository, builds the LAN, starts the tracker and the agents (in a
 * seeded random order), injects the faults of the schedule, waits until every task is done or the
 * settle time after the last fault has passed, stops everything and counts.
 */
final class ChaosRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  private final ChaosTopology topology;
  private final FaultSchedule schedule;
  private final long seed;
  private final Duration settle;
  private final Consumer<String> progress;
  private final List<String> notes = new CopyOnWriteArrayList<>();

  ChaosRun(
      ChaosTopology topology,
      FaultSchedule schedule,
      long seed,
      Duration settle,
      Consumer<String> progress) {
    this.topology = topology;
    this.schedule = schedule;
    this.seed = seed;
    this.settle = settle;
    this.progress = progress;
  }

  ChaosReport run(Path dir) throws IOException {
    long start = System.nanoTime();
    Path executions = dir.resolve("executions");
    Path trackerDir = dir.resolve("tracker");
    try (ChaosRepo repo = new ChaosRepo(trackerDir)) {
      repo.seed(topology.tasks(), executions);
    }
    progress.accept("seeded " + topology.tasks() + " tasks");
    Map<FaultSchedule.Kind, Integer> injected;
    try (NetnsLan lan = NetnsLan.create(topology.hosts());
        ChaosSupervisor supervisor =
            new ChaosSupervisor(lan, topology, dir, trackerDir, ChaosRepo.REPO)) {
      supervisor.startTracker();
      List<Integer> order = new ArrayList<>();
      for (int a = 0; a < topology.agents(); a++) {
        order.add(a);
      }
      Collections.shuffle(order, new Random(seed));
      for (int a : order) {
        supervisor.startAgent(a);
      }
      progress.accept("agents started in order " + order);
      DoneCounter doneCounter = new DoneCounter(lan, supervisor.trackerUrl(), trackerDir, dir);
      FaultInjector injector =
          new FaultInjector(
              schedule,
              actions(supervisor, new ChaosNetwork(lan)),
              Duration.ofSeconds(5),
              notes::add,
              progress);
      long faultsStart = System.nanoTime();
      injector.start();
      try {
        await()
            .atMost(schedule.end().plus(settle))
            .pollInterval(PROGRESS_EVERY)
            .until(
                () -> {
                  int done = doneCounter.done();
                  progress.accept(
                      String.format(
                          "t=%ds done=%s executions=%d",
                          Duration.ofNanos(System.nanoTime() - faultsStart).toSeconds(),
                          done < 0 ? "? (tracker unreachable)" : Integer.toString(done),
                          lines(executions)));
                  return injector.finished() && done == topology.tasks();
                });
      } catch (ConditionTimeoutException e) {
        notes.add("not every task was done within " + settle.toSeconds() + " s of the last fault");
      } finally {
        injector.close();
        injected = injector.injected();
      }
      supervisor.stopAgents();
      supervisor.stopTracker();
    }
    ChaosAccounting accounting = new ChaosAccounting(topology, dir, executions, trackerDir);
    return new ChaosReport(
        seed,
        injected,
        List.copyOf(notes),
        topology.tasks(),
        accounting.outcomes(),
        accounting.unverifiedLogs(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static long lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (var s = Files.lines(file)) {
      return s.count();
    }
  }

  /** What each kind of fault does to the processes and the network of the run. */
  private FaultInjector.Actions actions(ChaosSupervisor supervisor, ChaosNetwork network) {
    return new FaultInjector.Actions() {
      @Override
      public void inject(FaultSchedule.Fault f) {
        switch (f.kind()) {
          case AGENT_KILL -> supervisor.killAgent(f.target());
          case TRACKER_KILL -> supervisor.killTracker();
          case HOST_CUT -> network.cut(f.target());
          case LINK_DEGRADE -> {
            String how = network.degrade(f.target());
            if (!how.startsWith("tc ")) {
              notes.add("host " + f.target() + " link: " + how);
            }
          }
        }
      }

      @Override
      public void undo(FaultSchedule.Fault f) {
        switch (f.kind()) {
          case AGENT_KILL -> supervisor.startAgent(f.target());
          case TRACKER_KILL -> supervisor.startTracker();
          case HOST_CUT -> network.heal(f.target());
          case LINK_DEGRADE -> network.restore(f.target());
        }
      }
    };
  }

  /**
   * How many tasks the tracker marks done, asked from inside the tracker's namespace with curl (the
   * test JVM lives outside the LAN); -1 while the tracker does not answer.
   */
  private static final class DoneCounter {
    private final NetnsLan lan;
    private final String url;
    private final Path header;
    private final int host;

    DoneCounter(NetnsLan lan, String url, Path trackerDir, Path dir) throws IOException {
      this.lan = lan;
      this.url = url;
      this.host = lan.hosts() - 1;
      this.header = dir.resolve("curl-auth");
      String token = Files.readString(trackerDir.resolve(LocalTracker.ADMIN_TOKEN_FILE)).trim();
      Files.createFile(
          header,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(header, "Authorization: token " + token + "\n");
    }

    int done() {
      int done = 0;
      for (int page = 1; ; page++) {
        JsonNode batch =
            get(
                "/api/v1/repos/"
                    + ChaosRepo.REPO
                    + "/issues?state=all&type=issues&limit=50&page="
                    + page);
        if (batch == null) {
          return -1;
        }
        for (JsonNode issue : batch) {
          for (JsonNode label : issue.path("labels")) {
            if (label.path("name").asText().equals(BzzzLabels.DONE)) {
              done++;
            }
          }
        }
        if (batch.size() < 50) {
          return done;
        }
      }
    }

    private JsonNode get(String path) {
      try {
        Process p =
            new ProcessBuilder(
                    lan.inNamespace(
                        host, List.of("curl", "-sSf", "-m", "5", "-H", "@" + header, url + path)))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String body = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
          p.destroyForcibly();
          return null;
        }
        return JSON.readTree(body);
      } catch (IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }
}
