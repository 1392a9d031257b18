package io.bzzz.agent.runtime;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.council.CouncilDesk;
import io.bzzz.agent.council.CouncilEngine;
import io.bzzz.agent.discussion.DiscussionService;
import io.bzzz.agent.pickup.PushPickup;
import io.bzzz.agent.pickup.WebhookReceiver;
import io.bzzz.agent.review.ReviewWatcher;
import io.bzzz.log.SignedLog;
import io.bzzz.log.entry.EntryType;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.P2pNode;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent's lifecycle: {@link #start} the presence threads and the poller, {@link
 * #shutdown} in order (stop claiming, let tasks finish within the grace period, goodbye), {@link
 * #close} every part in reverse order. Its parts come from {@link AgentAssembly}; the HTTP API
 * reads it through {@link #view}.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  /** What the agent owns and closes, as the assembly built it. */
  record Parts(
      String name,
      String peerId,
      SignedLog signedLog,
      Journal journal,
      HttpClient http,
      List<RepoHandle> repos,
      P2pNode node,
      GossipMesh mesh,
      LogReplicator replicator,
      TaskBoard board,
      TaskSlots slots,
      Announcements announcements,
      Presence presence,
      PeerRtt rtt,
      TaskLoop loop,
      DeliveryWorker deliveryWorker,
      AgentStatus status,
      PushPickup pickup,
      CouncilEngine councils,
      DiscussionService discussions,
      Optional<ReviewWatcher> review,
      Optional<io.bzzz.agent.steal.WorkStealing> stealing) {}

  private final Parts parts;
  private final Thread poller;

  Agent(Parts parts) {
    this.parts = parts;
    this.poller = Thread.ofVirtual().name("agent-poller").unstarted(parts.loop()::run);
  }

  /** Builds the agent (node listening, log open, trackers connected) without claiming yet. */
  public static Agent create(AgentConfig config, String version) throws IOException {
    return AgentAssembly.assemble(config, version, InstantSource.system());
  }

  /**
   * Starts the broadcasts and the task loop.
   *
   * @param apiHealthUrl the health URL of this agent's HTTP API, for the capability broadcast
   */
  public void start(Optional<String> apiHealthUrl) {
    apiHealthUrl.ifPresent(parts.announcements()::apiHealthUrl);
    parts.presence().start();
    parts.deliveryWorker().start();
    parts.rtt().start();
    poller.start();
    parts.councils().start();
    parts.review().ifPresent(ReviewWatcher::start);
    log.atInfo()
        .addKeyValue("name", parts.name())
        .addKeyValue("peer", parts.peerId())
        .addKeyValue("capabilities", parts.status().health().agent().capabilities())
        .log("agent started");
  }

  /**
   * The review loop, when on: {@link ReviewWatcher#pullRequestActivity} is what a tracker webhook
   * calls to have a pull request checked at once.
   */
  public Optional<ReviewWatcher> reviews() {
    return parts.review();
  }

  /** What the HTTP API shows: snapshots only. */
  public AgentView view() {
    return parts.status();
  }

  /** Councils this agent takes part in, and forming new ones, for the HTTP API. */
  public CouncilDesk councils() {
    return parts.councils();
  }

  public String peerId() {
    return parts.peerId();
  }

  public List<String> multiaddrs() {
    return parts.announcements().multiaddrs();
  }

  /** The webhook endpoints for the HTTP API; present when a webhook secret is configured. */
  public Optional<WebhookReceiver> webhooks() {
    return parts.pickup().webhooks();
  }

  /** Adds bootstrap addresses learned at run time. */
  public void addBootstrap(List<String> multiaddrs) {
    parts.node().addBootstrapAddresses(multiaddrs.stream().map(Multiaddr::parse).toList());
  }

  /**
   * Shutdown: stop claiming, let running tasks finish within {@code grace}, interrupt the rest
   * (their workspaces are removed), release tasks waiting for help, then say goodbye: a last
   * availability broadcast with {@code leaving: true}. Peers drop this agent at once, poll its
   * share of the repositories and take over the claims it released at their next poll.
   */
  public void shutdown(Duration grace) {
    TaskLoop loop = parts.loop();
    loop.stopClaiming();
    try {
      // The heartbeat goes on during the grace period, so that peers do not suspect this agent
      // while its tasks finish; it stops before the goodbye, which must be the last broadcast.
      poller.interrupt();
      parts.presence().stopWatching();
      if (poller.getState() != Thread.State.NEW) {
        poller.join(Duration.ofSeconds(5));
      }
      if (!loop.awaitIdle(grace)) {
        loop.interruptWorkers();
        loop.awaitIdle(Duration.ofSeconds(10));
      }
      parts.presence().stopHeartbeat();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (HeldTask held : parts.slots().drainWaiting()) {
      parts.board().stage(held.ref(), TaskBoard.Stage.RELEASED, "agent stopped");
    }
    parts.announcements().goodbye();
    parts
        .journal()
        .record(EntryType.PEER_LEFT, Map.of("node", parts.peerId(), "reason", "shutdown"));
  }

  @Override
  public void close() {
    if (!parts.loop().claimingStopped()) {
      shutdown(Duration.ofSeconds(30));
    }
    parts.pickup().close();
    parts.councils().close();
    parts.review().ifPresent(Agent::closeReviews);
    parts.deliveryWorker().close(); // what it still holds is on disk for the next start
    parts.loop().closeAuction();
    parts.stealing().ifPresent(io.bzzz.agent.steal.WorkStealing::close);
    parts.rtt().close();
    parts.mesh().close();
    parts.discussions().close(); // no more plans arrive; reviews under way end
    parts.replicator().close();
    try {
      parts.node().pubsub().ifPresent(Agent::flush);
    } finally {
      parts.node().close();
      parts.repos().forEach(r -> r.tracker().close());
      parts.http().close();
      parts.journal().close();
      parts.signedLog().close();
    }
  }

  private static void closeReviews(ReviewWatcher w) {
    try {
      w.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void flush(GossipsubService p) {
    try {
      p.flush(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
