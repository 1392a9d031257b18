package io.bzzz.agent.runtime;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.MessageCodec;
import io.bzzz.agent.coordination.MessageType;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.coordination.Topics;
import io.bzzz.p2p.node.P2pNode;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task handed over to this agent while the tracker answers only 503: the take-over cannot even
 * read the task. Its slot must come back, so that once the tracker is back the agent still runs
 * {@code --max-tasks} tasks at once. A real agent, a real local tracker (stopped and started again
 * on the same port and data directory), a real libp2p peer that hands the task over.
 */
class TakeOverDuringOutageTest {
  private static final String REPO = "outage";
  private static final int MISSING_TASK = 999;

  @TempDir Path tmp;

  @Test
  void aTakeOverThatCannotReadTheTaskGivesItsSlotBack() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    LocalTrackerConfig trackerConfig =
        LocalTrackerConfig.of(tmp.resolve("tracker")).withListen("127.0.0.1", port);
    LocalTracker tracker = LocalTracker.start(trackerConfig);
    createRepo(tracker);
    AtomicInteger taskReads = new AtomicInteger();
    HttpServer down = null;
    P2pNode peer = null;
    try (Agent agent = FastRetries.agent(config(port))) {
      // the tracker goes down (every call answers 503) while the agent runs
      tracker.close();
      tracker = null;
      down = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      down.createContext(
          "/",
          exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/issues/" + MISSING_TASK)) {
              taskReads.incrementAndGet();
            }
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
          });
      down.start();
      agent.start(Optional.empty());

      // a peer hands a task over; the agent takes a slot and fails to read the task
      peer = peerOf(agent);
      P2pNode from = peer;
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .dontCatchUncaughtExceptions()
          .until(
              () -> {
                handOver(from, agent); // again until it arrives: gossip needs the mesh first
                return taskReads.get() > 0;
              });
      await()
          .atMost(Duration.ofSeconds(60))
          .dontCatchUncaughtExceptions()
          .until(
              () -> taskReads.get() >= FastRetries.HTTP.apply(HttpPolicy.defaults()).maxAttempts());
      down.stop(0);
      down = null;

      // the tracker is back: three long tasks at once need all three slots (the scripts must
      // outlast all three claims)
      tracker = LocalTracker.start(trackerConfig);
      try (GiteaTracker admin = client(tracker)) {
        for (int n = 1; n <= 3; n++) {
          admin.createTask(
              new NewTask(
                  "Slow task " + n,
                  "```bzzz-script\nsleep 40\nprintf 'slow\\n' > slow.txt\n```\n",
                  List.of(BzzzLabels.TASK)));
        }
      }
      // what counts is the slots, not how a failed take-over ends its thread
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .dontCatchUncaughtExceptions()
          .until(() -> running(agent) == 3);
      // the scripts sleep on: stop without the default 30 s wait for them
      agent.shutdown(Duration.ZERO);
    } finally {
      if (down != null) {
        down.stop(0);
      }
      if (peer != null) {
        peer.close();
      }
      if (tracker != null) {
        tracker.close();
      }
    }
  }

  private static long running(Agent agent) {
    return agent.view().tasks().stream().filter(e -> e.stage() == TaskBoard.Stage.RUNNING).count();
  }

  /** Publishes a hand-over to {@code agent} of a task the tracker does not have. */
  private static void handOver(P2pNode peer, Agent agent) {
    String self = peer.peerId().toString();
    Envelope env =
        Envelope.of(
            self,
            Instant.now(),
            new Payload.TaskProgress(
                new TaskRef("gitea", LocalTracker.ADMIN + "/" + REPO, MISSING_TASK),
                self,
                HelpDesk.HANDOVER_STAGE,
                agent.peerId()));
    peer.pubsub()
        .orElseThrow()
        .publish(
            Topics.Profile.BZZZ.topics().topicFor(MessageType.TASK_PROGRESS),
            new MessageCodec().encode(env));
  }

  private static P2pNode peerOf(Agent agent) throws Exception {
    P2pNode node = BarePeer.joining(agent);
    Topics topics = Topics.Profile.BZZZ.topics();
    node.pubsub().orElseThrow().subscribe(topics.coordination(), m -> {});
    return node;
  }

  private AgentConfig config(int port) throws Exception {
    return LocalAgentFlags.asAdmin(tmp, "http://127.0.0.1:" + port, REPO, "agent")
        .put("executor", "script")
        .put("max-tasks", "3")
        .load();
  }

  private static GiteaTracker client(LocalTracker server) {
    return LocalRepo.client(server, REPO);
  }

  private static void createRepo(LocalTracker server) throws Exception {
    LocalRepo.create(server, REPO);
  }
}
