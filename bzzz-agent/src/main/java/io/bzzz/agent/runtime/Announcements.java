package io.bzzz.agent.runtime;

import io.bzzz.agent.capability.Capabilities;
import io.bzzz.agent.capability.LiveCapabilities;
import io.bzzz.agent.coordination.Broadcasts;
import io.bzzz.agent.coordination.MeshOutbox;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.P2pNode;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this agent says about itself on the mesh: its capabilities (with the reason they are sent),
 * its availability, and the goodbye. Sends only; {@link Presence} decides when.
 */
final class Announcements {
  private static final Logger log = LoggerFactory.getLogger(Announcements.class);

  /** What the broadcasts say that does not change while the agent runs. */
  record Identity(
      String peerId,
      String version,
      String specialization,
      int maxTasks,
      String logKey,
      String name) {}

  private final Identity me;
  private final MeshOutbox outbox;
  private final LiveCapabilities capabilities;
  private final CapabilityRefresh refresh = new CapabilityRefresh();
  private final TaskBoard board;
  private final PeerTable peers;
  private final P2pNode node;
  private final InstantSource clock;
  private final AtomicReference<String> api = new AtomicReference<>("");
  private final AtomicReference<Instant> lastActivity;
  private final java.util.function.Supplier<List<TaskRef>> resultsWaiting;

  /**
   * @param resultsWaiting the tasks whose finished result waits for the tracker here
   */
  Announcements(
      Identity me,
      MeshOutbox outbox,
      LiveCapabilities capabilities,
      TaskBoard board,
      PeerTable peers,
      P2pNode node,
      InstantSource clock,
      java.util.function.Supplier<List<TaskRef>> resultsWaiting) {
    this.me = me;
    this.resultsWaiting = resultsWaiting;
    this.outbox = outbox;
    this.capabilities = capabilities;
    this.board = board;
    this.peers = peers;
    this.node = node;
    this.clock = clock;
    this.lastActivity = new AtomicReference<>(clock.instant());
  }

  /** The health URL of this agent's HTTP API, known once the API is bound (before the start). */
  void apiHealthUrl(String url) {
    api.set(url);
  }

  /** The API URL peers are told about (see {@link AdvertisedApi}); empty without an API. */
  String advertisedApi() {
    return AdvertisedApi.of(api.get(), node.fullAddresses());
  }

  List<String> multiaddrs() {
    return node.fullAddresses().stream().map(Multiaddr::toString).toList();
  }

  /** A peer became live: tell it what we can do now, and once more at the next beat. */
  void peerJoined() {
    capabilities(CapabilityRefresh.PEER_JOINED);
    refresh.peerJoined();
  }

  /** At every heartbeat: the capabilities again when {@link CapabilityRefresh} says so. */
  void capabilitiesAgainIfDue() {
    refresh.beat().ifPresent(this::capabilities);
  }

  void capabilities(String reason) {
    Capabilities now = capabilities.current();
    publish(
        Broadcasts.capability(
            me.peerId(),
            List.copyOf(now.names()),
            now.models(),
            me.version(),
            me.specialization(),
            reason,
            me.logKey(),
            multiaddrs(),
            advertisedApi(),
            me.name(),
            clock.instant()));
  }

  /**
   * The true numbers: tasks in hand, the maximum, last activity, the peers it misses and, once it
   * has been in the mesh for three intervals, the peers it hears; the results waiting here and
   * those other peers said wait on them (relayed for peers that never heard those owners).
   */
  void availability() {
    int current = board.active();
    if (current > 0) {
      lastActivity.set(clock.instant());
    }
    publish(
        Payload.AvailabilityBroadcast.of(
                me.peerId(),
                Math.min(current, me.maxTasks()),
                me.maxTasks(),
                lastActivity.get(),
                clock.instant(),
                peers.missingPeers())
            .withHeardPeers(peers.heardPeers())
            .withResultsWaiting(resultsWaiting.get())
            .withResultsHeld(peers.heldResults()));
  }

  /** The last broadcast: peers drop this agent at once and take over its claims. */
  void goodbye() {
    publish(
        Payload.AvailabilityBroadcast.goodbye(
                me.peerId(), me.maxTasks(), lastActivity.get(), clock.instant())
            .withResultsWaiting(resultsWaiting.get()));
  }

  private void publish(Payload payload) {
    try {
      outbox.publish(payload);
    } catch (IOException | RuntimeException e) {
      log.atDebug()
          .addKeyValue("type", payload.wireType())
          .log("cannot publish: " + e.getMessage());
    }
  }
}
