package io.bzzz.agent.runtime;

import io.bzzz.agent.capability.Capabilities;
import io.bzzz.agent.capability.LiveCapabilities;
import io.bzzz.agent.coordination.MessageCounters;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.events.EventHub;
import io.bzzz.p2p.node.P2pNode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The read model behind the HTTP API: snapshots of the agent's parts, nothing it changes. */
final class AgentStatus implements AgentView {
  private final String name;
  private final Announcements.Identity me;
  private final InstantSource clock;
  private final Instant started;
  private final P2pNode node;
  private final LiveCapabilities capabilities;
  private final PeerTable peers;
  private final MessageCounters counters;
  private final TaskBoard board;
  private final AgentMetrics metrics;
  private final LatencyMetrics latencies;
  private final Journal journal;
  private final EventHub events;
  private final Announcements announcements;
  private final BooleanSupplier stopping;

  /**
   * @param stopping whether the agent has stopped claiming (health then says {@code stopping})
   */
  AgentStatus(
      String name,
      Announcements.Identity me,
      InstantSource clock,
      P2pNode node,
      LiveCapabilities capabilities,
      PeerTable peers,
      MessageCounters counters,
      TaskBoard board,
      AgentMetrics metrics,
      LatencyMetrics latencies,
      Journal journal,
      EventHub events,
      Announcements announcements,
      BooleanSupplier stopping) {
    this.name = name;
    this.me = me;
    this.clock = clock;
    this.started = clock.instant();
    this.node = node;
    this.capabilities = capabilities;
    this.peers = peers;
    this.counters = counters;
    this.board = board;
    this.metrics = metrics;
    this.latencies = latencies;
    this.journal = journal;
    this.events = events;
    this.announcements = announcements;
    this.stopping = stopping;
  }

  @Override
  public Health health() {
    Capabilities now = capabilities.current();
    return new Health(
        stopping.getAsBoolean() ? "stopping" : "ok",
        me.peerId(),
        announcements.multiaddrs(),
        node.host().connections().size(),
        node.pubsub().map(p -> List.copyOf(p.topics())).orElse(List.of()).stream()
            .sorted()
            .toList(),
        Duration.between(started, clock.instant()).toSeconds(),
        new AgentInfo(
            me.peerId(),
            name,
            List.copyOf(now.names()),
            now.models(),
            me.specialization(),
            me.version(),
            me.maxTasks(),
            board.active(),
            me.logKey()));
  }

  @Override
  public Mesh mesh() {
    return MeshSnapshot.of(
        health(), announcements.advertisedApi(), node, peers, board, counters.receivedByPeer());
  }

  @Override
  public EventHub events() {
    return events;
  }

  @Override
  public List<BootstrapPeer> bootstrapPeers() {
    List<BootstrapPeer> out = new ArrayList<>();
    // This agent first, under its name: a node given only this agent's URL learns where the
    // agent itself listens, not just the peers it knows.
    out.add(
        new BootstrapPeer(
            me.peerId(),
            announcements.multiaddrs(),
            name,
            board.active() < me.maxTasks() ? 1 : 2,
            clock.instant().toString()));
    out.addAll(AgentView.heardPeers(peers.peers()));
    return out;
  }

  @Override
  public List<PeerTable.PeerView> peers() {
    return peers.peers();
  }

  @Override
  public List<TaskBoard.Entry> tasks() {
    return board.entries();
  }

  @Override
  public Metrics metrics() {
    return new Metrics(
        (int) peers.peers().stream().filter(p -> p.state() == PeerTable.State.LIVE).count(),
        counters.receivedByTopic(),
        counters.sentByTopic(),
        counters.malformedCount(),
        metrics.snapshot(),
        journal.length(),
        board.active(),
        latencies.snapshot());
  }
}
