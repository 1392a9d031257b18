package io.bzzz.cli.p2p;

import io.bzzz.agent.config.HostPort;
import io.bzzz.agent.monitor.Monitor;
import io.bzzz.agent.monitor.MonitorTopics;
import io.bzzz.agent.monitor.Observed;
import io.bzzz.api.ApiServer;
import io.bzzz.cli.common.BzzzVersion;
import io.bzzz.cli.common.CliFailure;
import io.bzzz.cli.common.DataDirOption;
import io.bzzz.cli.common.NodeOptions;
import io.bzzz.p2p.files.IoReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bzzz monitor}: the HMMM monitor. Joins the mesh with no tracker, subscribes to every topic
 * of the chosen profile(s), prints one line per message on stdout, records each in its own signed
 * log {@code D/log}, and serves the Mesh Visualizer and the read-only API with {@code --http}.
 * Where it listens and serves goes to stderr, so stdout carries only messages.
 */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Watch the mesh: print every coordination, meta-discussion, context-feedback and council"
          + " message, record it in a signed log (D/log), serve the Visualizer read-only.",
      "With --json each line is {\"from\",\"topic\",\"type\",\"timestamp\",\"data\",\"author\"}."
          + " Stops with exit code 0 on SIGTERM or SIGINT."
    })
public final class MonitorCommand implements Callable<Integer> {

  @Option(
      names = "--topics",
      paramLabel = "bzzz|chorus|all",
      defaultValue = "bzzz",
      description = "Topic profile(s) to watch (default bzzz).")
  String topics;

  @Option(names = "--json", description = "One JSON object per message.")
  boolean json;

  @Option(
      names = "--http",
      paramLabel = "HOST:PORT",
      description = "Serve the Visualizer and the read-only API here.")
  String http;

  @Mixin DataDirOption dataDir;
  @Mixin NodeOptions node;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    List<String> watched;
    try {
      watched = MonitorTopics.of(topics);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(e.getMessage(), 2);
    }
    Optional<HostPort> api = Optional.empty();
    if (http != null) {
      api = HostPort.parse(http);
      if (api.isEmpty()) {
        throw new CliFailure("--http: expected HOST:PORT such as 127.0.0.1:8090, got " + http, 2);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ReentrantLock printing = new ReentrantLock();
    PubsubNode pubsub = PubsubNode.start(dataDir, node, err);
    Monitor monitor;
    try {
      monitor =
          Monitor.start(
              pubsub.node(),
              dataDir.dataDir().resolve("log"),
              NodeFactory.identity(dataDir.dataDir()),
              watched,
              Duration.ofSeconds(30),
              BzzzVersion.version(),
              m -> print(out, printing, m));
    } catch (IOException | RuntimeException e) {
      pubsub.close();
      throw new CliFailure("cannot start the monitor: " + IoReason.of(e));
    }
    Optional<ApiServer> server = Optional.empty();
    try {
      if (api.isPresent()) {
        server =
            Optional.of(
                ApiServer.start(
                    api.get().host(),
                    api.get().port(),
                    monitor.view(),
                    Optional.empty(),
                    Optional.of(monitor.councils())));
      }
    } catch (IOException e) {
      monitor.close();
      pubsub.close();
      throw new CliFailure(e.getMessage());
    }
    err.println("peer " + pubsub.node().peerId());
    err.println("topics " + String.join(" ", watched));
    server.ifPresent(s -> err.println("api " + s.healthUrl()));
    err.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Optional<ApiServer> running = server;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.ifPresent(ApiServer::close);
                  pubsub.close(); // no more messages arrive
                  monitor.close(); // what arrived is written, the log closed
                  out.flush();
                  stopped.countDown();
                  Runtime.getRuntime().halt(0); // ended by a signal on purpose: success
                },
                "bzzz-monitor-shutdown"));
    stopped.await();
    return 0;
  }

  private void print(PrintWriter out, ReentrantLock printing, Observed m) {
    String line = json ? m.json().toString() : m.readable();
    printing.lock();
    try {
      out.println(line);
      out.flush();
    } finally {
      printing.unlock();
    }
  }
}
