package io.bzzz.agent.runtime;

import io.bzzz.agent.capability.Capabilities;
import io.bzzz.agent.capability.CapabilityDetector;
import io.bzzz.agent.capability.LiveCapabilities;
import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.DataDirectory;
import io.bzzz.agent.coordination.CoordinationListener;
import io.bzzz.agent.coordination.Coordinator;
import io.bzzz.agent.coordination.HelpRelay;
import io.bzzz.agent.coordination.HelpRounds;
import io.bzzz.agent.coordination.ListenerTap;
import io.bzzz.agent.coordination.MeshOutbox;
import io.bzzz.agent.coordination.MessageCodec;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.coordination.Topics;
import io.bzzz.agent.council.CouncilEngine;
import io.bzzz.agent.council.CouncilRouting;
import io.bzzz.agent.council.CouncilSettings;
import io.bzzz.agent.council.CouncilTaskGate;
import io.bzzz.agent.council.CouncilTopics;
import io.bzzz.agent.council.DiscussedPlanGate;
import io.bzzz.agent.council.PeerTableMesh;
import io.bzzz.agent.council.PlanGate;
import io.bzzz.agent.council.RoleBook;
import io.bzzz.agent.discussion.DiscussionLog;
import io.bzzz.agent.discussion.DiscussionService;
import io.bzzz.agent.discussion.ObjectionRules;
import io.bzzz.agent.events.AgentEvent;
import io.bzzz.agent.events.EventHub;
import io.bzzz.agent.events.Events;
import io.bzzz.agent.exec.Executor;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.pickup.AuctionPickup;
import io.bzzz.agent.pickup.PushPickup;
import io.bzzz.agent.pickup.TaskAvailability;
import io.bzzz.agent.review.ReviewWatcher;
import io.bzzz.agent.schedule.Auction;
import io.bzzz.agent.schedule.AuctionListener;
import io.bzzz.agent.schedule.AuctionMetrics;
import io.bzzz.agent.schedule.AuctionSettings;
import io.bzzz.agent.schedule.LiveInputs;
import io.bzzz.agent.schedule.Machine;
import io.bzzz.agent.schedule.Scorer;
import io.bzzz.agent.steal.StartGate;
import io.bzzz.agent.steal.StealMetrics;
import io.bzzz.agent.steal.WorkStealing;
import io.bzzz.agent.task.Dependencies;
import io.bzzz.agent.task.TrackerTasks;
import io.bzzz.agent.workspace.Workspaces;
import io.bzzz.log.SignedLog;
import io.bzzz.log.entry.AuditLog;
import io.bzzz.p2p.crypto.IdentityFile;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.bootstrap.BootstrapConfig;
import io.bzzz.p2p.discovery.bootstrap.DnsDiscoveryConfig;
import io.bzzz.p2p.discovery.mdns.PeerNames;
import io.bzzz.p2p.host.MeshAccess;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.NodeConfig;
import io.bzzz.p2p.node.P2pNode;
import io.bzzz.p2p.node.RejoinConfig;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import io.bzzz.p2p.security.pnet.SwarmKey;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.http.HttpPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Turns an {@link AgentConfig} into a running agent's parts, in one straight line: each part is
 * built after everything it needs, and nothing is wired afterwards. The only place that reads the
 * configuration; tracker kinds and credentials are delegated to {@link TrackerConnections}.
 *
 * <p>The order breaks what used to be a cycle (the mesh reacts through the loop, the loop speaks
 * through the mesh): parts that only speak use the {@link MeshOutbox}, which exists before the
 * {@link Coordinator} that listens; the reactions reach the loop through {@link LoopSignals} and
 * the help desk through {@link TaskSlots}.
 */
final class AgentAssembly {
  private AgentAssembly() {}

  static Agent assemble(AgentConfig config, String version, InstantSource clock)
      throws IOException {
    return assemble(config, version, clock, DeliveryBackoff.DEFAULT);
  }

  /** As above, with the retry pace of pending deliveries (tests shorten it). */
  static Agent assemble(
      AgentConfig config, String version, InstantSource clock, DeliveryBackoff backoff)
      throws IOException {
    return assemble(config, version, clock, backoff, UnaryOperator.identity());
  }

  /**
   * As above; {@code httpPolicy} adjusts the tracker's retry policy (tests shorten its backoff so
   * that an outage outlasts the retry budget in about a second, not fifteen).
   */
  static Agent assemble(
      AgentConfig config,
      String version,
      InstantSource clock,
      DeliveryBackoff backoff,
      UnaryOperator<HttpPolicy> httpPolicy)
      throws IOException {
    return assemble(config, version, clock, backoff, httpPolicy, Optional.empty());
  }

  /**
   * As above; {@code cpuLoad} replaces the machine's CPU reading for work stealing (tests make an
   * agent overloaded or idle with it; the stealing, claiming and fencing stay real).
   */
  static Agent assemble(
      AgentConfig config,
      String version,
      InstantSource clock,
      DeliveryBackoff backoff,
      UnaryOperator<HttpPolicy> httpPolicy,
      Optional<DoubleSupplier> cpuLoad)
      throws IOException {
    return assemble(config, version, clock, backoff, httpPolicy, cpuLoad, UnaryOperator.identity());
  }

  /**
   * As above; {@code auctionClaims} wraps what the auction does when this agent is due to claim
   * (tests make a winner die at that moment; the auction and the claim stay real).
   */
  static Agent assemble(
      AgentConfig config,
      String version,
      InstantSource clock,
      DeliveryBackoff backoff,
      UnaryOperator<HttpPolicy> httpPolicy,
      Optional<DoubleSupplier> cpuLoad,
      UnaryOperator<Auction.Claimer> auctionClaims)
      throws IOException {
    // local state: identity, signed log, capabilities, trackers, executor
    DataDirectory.prepare(config.dataDir()); // 0700, before the key and the log go in
    PrivateKey identity = IdentityFile.loadOrCreate(config.dataDir());
    SignedLog signedLog = openLog(config.dataDir().resolve("log"), identity);
    String logKey = HexFormat.of().formatHex(signedLog.key());
    EventHub events = new EventHub(clock);
    LoopSignals signals = new LoopSignals();
    // a log that can no longer be written stops claiming: work nobody can audit is not taken
    Journal journal = new Journal(new AuditLog(signedLog, clock), events, signals::stopClaiming);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    LiveCapabilities capabilities = detect(config, http);
    LatencyMetrics latencies = new LatencyMetrics();
    List<RepoHandle> repos = TrackerConnections.open(config.tracker(), latencies, httpPolicy);
    RepoHandle first = repos.get(0); // every --repo is on the one configured tracker
    Workspaces workspaces =
        new Workspaces(
            config.dataDir(),
            config.git(),
            TrackerConnections.gitCredentials(
                first.kind(), first.tracker(), config.tracker().token()));
    // before the node starts, so that a sandbox without an engine fails fast and alone
    Executor executor = ExecutorFactory.create(config, workspaces.scratch(), System.getenv(), http);

    // the node and what only speaks on the mesh
    P2pNode node = P2pNode.start(nodeConfig(config, identity, version).withAccess(access(config)));
    String self = node.peerId().toString();
    AgentIdentity me = new AgentIdentity(config.name(), Optional.of(self), Optional.of(logKey));
    LogReplicator replicator =
        new LogReplicator(
            node.host(), signedLog, config.dataDir().resolve("peers"), config.replicateLogs());
    TaskTimer taskTimer = new TaskTimer(latencies);
    TaskBoard board =
        new TaskBoard(
            clock,
            e -> {
              events.publish(TaskBoard.event(e));
              taskTimer.accept(e);
            });
    AgentMetrics metrics = new AgentMetrics();
    PeerTable peers = new PeerTable(self, config.availabilityInterval(), clock);
    TaskSlots slots = new TaskSlots(config.maxTasks());
    Topics topics = config.node().topics().topics();
    GossipMesh mesh = new GossipMesh(node.pubsub().orElseThrow());
    MeshOutbox outbox =
        new MeshOutbox(
            self,
            topics,
            new MessageCodec(),
            mesh,
            clock,
            (topic, env) -> events.publish(Events.message(AgentEvent.Direction.SENT, topic, env)));
    // results that wait for the tracker: on disk, retried, resumed after a restart
    DeliveryQueue queue = DeliveryQueue.open(config.dataDir());
    FinishedRuns finishedRuns = FinishedRuns.open(config.dataDir());
    finishedRuns.recover(queue, workspaces);
    List<PendingDelivery> found = queue.load();
    JournalClaims journalClaims = readClaims(journal);
    DeliverySchedule schedule = new DeliverySchedule(backoff);
    TrackerOutage outage = new TrackerOutage(clock, schedule::retryNow);
    Deliveries deliveries =
        new Deliveries(
            self,
            me,
            repos,
            queue,
            workspaces,
            journal,
            board,
            metrics,
            outbox,
            outage,
            schedule,
            journalClaims.ended());
    deliveries.resume(found);
    DeliveryWorker deliveryWorker = new DeliveryWorker(deliveries, schedule);
    Set<String> pending =
        found.stream()
            .map(d -> Deliveries.key(d.task().repository(), d.task().number(), d.attempt()))
            .collect(Collectors.toSet());
    TaskFailures failures = new TaskFailures(me, deliveries, clock);
    HelpDesk help = new HelpDesk(self, outbox, journal, board, slots, failures);
    Announcements.Identity announced =
        new Announcements.Identity(
            self, version, config.specialization(), config.maxTasks(), logKey, config.name());
    Announcements announcements =
        new Announcements(
            announced, outbox, capabilities, board, peers, node, clock, deliveries::waiting);

    Optional<Auction> auction =
        auction(
            config,
            self,
            capabilities,
            slots,
            journal,
            outbox,
            signals,
            peers,
            latencies,
            clock,
            auctionClaims);
    if (auction.isEmpty()) { // the auction's metrics include the mesh's load
      int max = config.maxTasks();
      latencies.include(
          new io.bzzz.agent.schedule.MeshLoadMetrics(
              () -> (max - slots.free()) / (double) max, () -> peerUtilisation(peers)));
    }
    // work stealing: an overloaded agent offers unstarted tasks; an idle one takes them over
    Optional<WorkStealing> stealing =
        stealing(
            config,
            self,
            capabilities,
            slots,
            journal,
            outbox,
            signals,
            peers,
            board,
            repos,
            latencies,
            cpuLoad,
            clock);
    Optional<ReviewWatcher> review =
        ReviewLoop.create(
            config,
            repos,
            me,
            executor,
            workspaces,
            journal,
            peers,
            labels -> canMeet(capabilities.current(), Capabilities.requirements(labels)),
            clock);
    // push pickup: webhooks and peers' hints make the loop look at a task now, or open an auction
    // round when the auction is on; pull request webhooks wake the review loop (docs/scheduling.md)
    PushPickup pickup =
        PushPickup.create(
            self,
            TrackerTasks.meshName(first.kind()),
            repos.stream().map(RepoHandle::repository).collect(Collectors.toSet()),
            config.webhookSecret(),
            peers,
            () -> slots.free() > 0,
            signals::checkTask,
            outbox::publish,
            latencies.pickup(),
            clock,
            ranked ->
                auction
                    .<TaskAvailability>map(
                        a -> new AuctionPickup(a, () -> !peers.livePeers().isEmpty(), ranked))
                    .orElse(ranked),
            review.map(w -> w::pullRequestActivity));
    slots.whenFreed(pickup::slotFreed);

    // what listens, then what runs tasks through it
    MeshJoin join = new MeshJoin(peers, signals);
    if (config.runAlone()) {
      join.runAlone();
    }
    DiscussionService discussions = discussions(config, self, outbox, journal, repos);
    MeshReactions reactions =
        new MeshReactions(
            self,
            events,
            journal,
            replicator,
            help,
            announcements,
            signals,
            join,
            pickup,
            discussions);
    HelpRelay relay =
        new HelpRelay(
            self, required -> slots.free() > 0 && canMeet(capabilities.current(), required), clock);
    HelpRounds rounds =
        new HelpRounds(
            self,
            clock,
            () -> UUID.randomUUID().toString(),
            config.availabilityInterval().multipliedBy(2),
            latencies::helpRound);
    Coordinator coordinator =
        new Coordinator(
            self,
            new MessageCodec(),
            outbox,
            peers,
            relay,
            rounds,
            new DeliveryTiming(heard(reactions, auction, stealing), latencies, clock));
    // councils: one engine, on its own topic, sharing the trackers and the peer table
    CouncilEngine councils =
        new CouncilEngine(
            me,
            repos.stream().collect(Collectors.toMap(RepoHandle::repository, RepoHandle::tracker)),
            TrackerConnections.briefFiler(config.tracker(), httpPolicy),
            () -> capabilities.current().names(),
            new PeerTableMesh(peers, mesh, CouncilTopics.of(config.node().topics()), self, clock),
            councilSettings(config),
            clock,
            // an LLM executor also plans briefs without a bzzz-plan block (create_subtask)
            executor instanceof io.bzzz.agent.exec.llm.LlmExecutor llm
                ? Optional.of(llm::converse)
                : Optional.empty());
    // claims given back when the tracker cannot be reached before a task starts (docs/faults.md)
    HandedBackClaims handedBack = new HandedBackClaims(journal, board, backoff, clock);
    // council subtasks are discussed among the council's members (off: --no-discuss-plans)
    CouncilTaskGate councilGate =
        new CouncilTaskGate(
            councils,
            config.discussion().councilPlans()
                ? new DiscussedPlanGate(discussions, t -> TrackerTasks.ref(t, first.kind()))
                : PlanGate.approveAll());
    TaskJob job =
        new TaskJob(
            self,
            me,
            coordinator,
            journal,
            board,
            metrics,
            executor,
            capabilities::current,
            slots,
            failures,
            deliveries,
            clock,
            councilGate,
            new TaskDiscussion(
                self,
                discussions,
                peers,
                journal,
                board,
                outbox,
                config.execution().executor().name().toLowerCase(java.util.Locale.ROOT),
                councilGate::discusses),
            new CloneRetries(workspaces, backoff),
            handedBack,
            stealing.<StartGate>map(w -> w).orElse(StartGate.OPEN),
            finishedRuns);
    TaskLoop loop =
        new TaskLoop(
            self,
            me,
            repos,
            peers,
            capabilities::current,
            job,
            board,
            metrics,
            slots,
            signals,
            config.pollInterval(),
            config.availabilityInterval().multipliedBy(PeerTable.SUSPECT_AFTER_INTERVALS),
            clock,
            outage,
            () ->
                RestartReconciliation.find(
                    repos, journalClaims, pending, t -> board.get(t).isPresent(), self),
            pickup,
            new Dependencies()
                .and(new CouncilRouting(councils, councilSettings(config).grace(), clock)),
            auction,
            handedBack);
    Presence presence =
        new Presence(
            announcements,
            coordinator,
            capabilities,
            config.availabilityInterval(),
            config.capabilityInterval());
    AgentStatus status =
        new AgentStatus(
            config.name(),
            announced,
            clock,
            node,
            capabilities,
            peers,
            outbox.counters(),
            board,
            metrics,
            latencies,
            journal,
            events,
            announcements,
            loop::claimingStopped);
    mesh.subscribe(topics, coordinator);
    mesh.subscribe(CouncilTopics.of(config.node().topics()), councils::onMessage);
    return new Agent(
        new Agent.Parts(
            config.name(),
            self,
            signedLog,
            journal,
            http,
            repos,
            node,
            mesh,
            replicator,
            board,
            slots,
            announcements,
            presence,
            new PeerRtt(
                node.host(), latencies, PeerRtt.INTERVAL, PeerRtt.TIMEOUT, new SecureRandom()),
            loop,
            deliveryWorker,
            status,
            pickup,
            councils,
            discussions,
            review,
            stealing));
  }

  /** The council options; a roles file that cannot be read stops the start with its reason. */
  private static CouncilSettings councilSettings(AgentConfig config) throws IOException {
    AgentConfig.Council c = config.council();
    CouncilSettings defaults = CouncilSettings.defaults(config.pollInterval());
    RoleBook book =
        c.rolesFile().isPresent() ? RoleBook.load(c.rolesFile().get()) : defaults.book();
    return new CouncilSettings(
        book,
        c.deadline(),
        c.grace().orElse(defaults.grace()),
        c.maxRoles(),
        defaults.discoverEvery(),
        defaults.tick());
  }

  /**
   * Plan discussions: this agent's objection rules know it by name and peer id; a member reads the
   * issue (for its {@code bzzz-objection} block) through its own tracker for that repository.
   */
  private static DiscussionService discussions(
      AgentConfig config, String self, MeshOutbox outbox, Journal journal, List<RepoHandle> repos) {
    DiscussionLog log =
        new DiscussionLog() {
          @Override
          public void record(
              io.bzzz.log.entry.EntryType type,
              io.bzzz.agent.coordination.TaskRef task,
              java.util.Map<String, ?> fields) {
            journal.task(type, task, fields);
          }

          @Override
          public void note(
              io.bzzz.log.entry.EntryType type,
              io.bzzz.agent.coordination.TaskRef task,
              java.util.Map<String, ?> fields) {
            journal.noteTask(type, task, fields);
          }
        };
    return new DiscussionService(
        self,
        outbox::publish,
        log,
        config.discussion(),
        new ObjectionRules(Set.of(config.name(), self), config.discussion().objectWhen()),
        task ->
            repos.stream()
                .filter(r -> r.repository().equals(task.repository()))
                .findFirst()
                .flatMap(r -> issueBody(r, task.number())));
  }

  private static Optional<String> issueBody(RepoHandle repo, long number) {
    try {
      return Optional.of(repo.tracker().task(Math.toIntExact(number)).body());
    } catch (io.bzzz.tracker.TrackerException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  /** The auction, when enabled: bids on the coordination topic, wins go to the loop. */
  private static Optional<Auction> auction(
      AgentConfig config,
      String self,
      LiveCapabilities capabilities,
      TaskSlots slots,
      Journal journal,
      MeshOutbox outbox,
      LoopSignals signals,
      PeerTable peers,
      LatencyMetrics latencies,
      InstantSource clock,
      UnaryOperator<Auction.Claimer> claims) {
    AuctionSettings settings = config.auction();
    if (!settings.enabled()) {
      return Optional.empty();
    }
    int max = config.maxTasks();
    LiveInputs inputs =
        new LiveInputs(
            capabilities::current,
            () -> max - slots.free(),
            max,
            new Machine(config.dataDir()),
            journal::entries,
            clock);
    Auction auction =
        new Auction(
            self,
            settings,
            new Scorer(settings.weights(), settings.minMatch(), inputs),
            payload -> publishQuietly(outbox, payload),
            claims.apply((task, labels, rank) -> signals.auctionWon(task)),
            peer -> peers.livePeers().contains(peer),
            clock);
    latencies.include(
        new AuctionMetrics(
            auction, () -> (max - slots.free()) / (double) max, () -> peerUtilisation(peers)));
    return Optional.of(auction);
  }

  /**
   * Work stealing, when enabled: offers and take-overs on the coordination topic, take-overs
   * claimed by the loop, offers and take-overs in the log as {@code task_progress}.
   */
  private static Optional<WorkStealing> stealing(
      AgentConfig config,
      String self,
      LiveCapabilities capabilities,
      TaskSlots slots,
      Journal journal,
      MeshOutbox outbox,
      LoopSignals signals,
      PeerTable peers,
      TaskBoard board,
      List<RepoHandle> repos,
      LatencyMetrics latencies,
      Optional<DoubleSupplier> cpuLoad,
      InstantSource clock) {
    if (!config.steal().enabled()) {
      return Optional.empty();
    }
    int max = config.maxTasks();
    Machine machine = new Machine(config.dataDir());
    DoubleSupplier cpu = cpuLoad.orElse(machine::cpu);
    LiveInputs live =
        new LiveInputs(
            capabilities::current, () -> max - slots.free(), max, machine, journal::entries, clock);
    AuctionSettings auction = config.auction();
    Scorer scorer =
        new Scorer(
            auction.weights(),
            auction.minMatch(),
            () -> new io.bzzz.agent.steal.MeasuredLoad(live.get(), cpu));
    Set<String> watched = repos.stream().map(RepoHandle::repository).collect(Collectors.toSet());
    WorkStealing stealing =
        new WorkStealing(
            self,
            config.steal(),
            new WorkStealing.Ports(
                cpu,
                payload -> publishQuietly(outbox, payload),
                signals::takeOffered,
                (task, fields) ->
                    journal.task(io.bzzz.log.entry.EntryType.TASK_PROGRESS, task, fields),
                labels -> scorer.score(labels).map(io.bzzz.agent.schedule.Score::total),
                slots::free,
                watched::contains,
                board::isActive,
                peer -> peers.livePeers().contains(peer),
                labels -> !io.bzzz.agent.pickup.MeshCandidates.able(peers, labels).isEmpty()),
            clock);
    latencies.include(new StealMetrics(stealing));
    return Optional.of(stealing);
  }

  /** The listener the coordinator tells: the auction and work stealing hear every message first. */
  private static CoordinationListener heard(
      CoordinationListener reactions, Optional<Auction> auction, Optional<WorkStealing> stealing) {
    CoordinationListener heard = reactions;
    if (auction.isPresent()) {
      heard = new AuctionListener(auction.get(), heard);
    }
    if (stealing.isPresent()) {
      heard = new ListenerTap(stealing.get()::onMessage, heard);
    }
    return heard;
  }

  /** A bid or an offer that cannot go out is only logged: the ref, not the message, decides. */
  private static void publishQuietly(MeshOutbox outbox, io.bzzz.agent.coordination.Payload what) {
    try {
      outbox.publish(what);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(AgentAssembly.class)
          .atDebug()
          .addKeyValue("type", what.wireType())
          .log("cannot publish: " + e.getMessage());
    }
  }

  /** Each live peer's {@code current_tasks / max_tasks}, from its last availability broadcast. */
  private static java.util.Map<String, Double> peerUtilisation(PeerTable peers) {
    java.util.Map<String, Double> out = new java.util.TreeMap<>();
    for (PeerTable.PeerView p : peers.peers()) {
      if (p.state() == PeerTable.State.LIVE && p.availability().isPresent()) {
        var a = p.availability().get();
        out.put(p.peerId(), a.maxTasks() == 0 ? 1.0 : a.currentTasks() / (double) a.maxTasks());
      }
    }
    return out;
  }

  /** What the own log says about earlier runs' claims; an unreadable log is no reason to stop. */
  private static JournalClaims readClaims(Journal journal) {
    try {
      return JournalClaims.read(journal.entries());
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(AgentAssembly.class)
          .atWarn()
          .log("cannot read the own log for restart reconciliation: " + e.getMessage());
      return new JournalClaims(java.util.Map.of(), Set.of());
    }
  }

  private static boolean canMeet(Capabilities caps, List<String> requirements) {
    return caps.missing(requirements).isEmpty();
  }

  private static SignedLog openLog(Path dir, PrivateKey identity) throws IOException {
    return SignedLog.openOrCreate(dir, identity);
  }

  private static LiveCapabilities detect(AgentConfig config, HttpClient http) {
    Optional<URI> ollama =
        config.execution().executor() == AgentConfig.ExecutorKind.OLLAMA
            ? config.llm().url()
            : Optional.empty();
    CapabilityDetector detector =
        new CapabilityDetector(
            new ProcessRunner(),
            http,
            System.getenv().getOrDefault("PATH", ""),
            ollama,
            config.capabilities());
    try {
      return LiveCapabilities.start(detector::detect);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while detecting capabilities", e);
    }
  }

  /** The private network's key (read and checked now) and the allow-list. */
  private static MeshAccess access(AgentConfig config) throws IOException {
    Optional<SwarmKey> key =
        config.node().psk().isPresent()
            ? Optional.of(SwarmKey.load(config.node().psk().get()))
            : Optional.empty();
    return new MeshAccess(
        key, config.node().allowPeers().stream().map(PeerId::parse).collect(Collectors.toSet()));
  }

  /** The peer cache in the data directory ({@code peers/} holds the replicated logs). */
  static final String PEER_CACHE = "peers.json";

  private static NodeConfig nodeConfig(AgentConfig config, PrivateKey identity, String version) {
    NodeConfig node =
        NodeConfig.defaults(identity, PeerNames.random(new SecureRandom()))
            .withListen(config.node().listen().stream().map(Multiaddr::parse).toList())
            .withBootstrap(
                BootstrapConfig.of(
                    config.node().bootstrap().stream().map(Multiaddr::parse).toList()))
            .withAgentVersion("bzzz/" + version)
            .withGossip(Optional.of(GossipsubService.Options.defaults()))
            .withRejoin(
                RejoinConfig.none()
                    .withBootstrapUrls(config.node().bootstrapUrls())
                    .withPeerCache(Optional.of(config.dataDir().resolve(PEER_CACHE))));
    if (!config.node().dnsDiscovery().isEmpty()) {
      node =
          node.withDns(
              Optional.of(
                  DnsDiscoveryConfig.of(
                      config.node().dnsDiscovery(), config.node().dnsDiscoveryPort())));
    }
    return config.node().mdns() ? node : node.withMdns(Optional.empty());
  }
}
