package io.bzzz.agent.runtime;

import io.bzzz.agent.capability.Capabilities;
import io.bzzz.agent.capability.CapabilityDetector;
import io.bzzz.agent.capability.LiveCapabilities;
import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.DataDirectory;
import io.bzzz.agent.config.Secret;
import io.bzzz.agent.coordination.Broadcasts;
import io.bzzz.agent.coordination.CoordinationListener;
import io.bzzz.agent.coordination.Coordinator;
import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.HelpRelay;
import io.bzzz.agent.coordination.HelpRounds;
import io.bzzz.agent.coordination.MessageCodec;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.coordination.Topics;
import io.bzzz.agent.events.AgentEvent;
import io.bzzz.agent.events.EventHub;
import io.bzzz.agent.events.Events;
import io.bzzz.agent.exec.Executor;
import io.bzzz.agent.exec.ExecutorFactory;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.workspace.GitCredentials;
import io.bzzz.agent.workspace.Workspaces;
import io.bzzz.log.LogOptions;
import io.bzzz.log.SignedLog;
import io.bzzz.log.entry.AuditLog;
import io.bzzz.log.entry.EntryType;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.storage.LogFiles;
import io.bzzz.p2p.crypto.IdentityFile;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.bootstrap.BootstrapConfig;
import io.bzzz.p2p.discovery.mdns.PeerNames;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.NodeConfig;
import io.bzzz.p2p.node.P2pNode;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.http.Connection;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.result.JGitPush;
import io.bzzz.tracker.result.ResultWorkflow;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: the libp2p node with gossipsub, coordination, the signed log in {@code
 * <data-dir>/log}, the tracker clients and the task loop. Owns all of them; {@link #close} stops
 * claiming, waits for running tasks within the grace period, says goodbye and closes everything in
 * reverse order. Threads: one poller, one heartbeat, one virtual thread per task in hand.
 */
public final class Agent implements AgentView, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  private final AgentConfig config;
  private final String version;
  private final InstantSource clock;
  private final Instant started;
  private final P2pNode node;
  private final SignedLog signedLog;
  private final Journal journal;
  private final List<RepoHandle> repos;
  private final HttpClient http;
  private final LiveCapabilities capabilities;
  private final Coordinator coordinator;
  private final GossipMesh mesh;
  private final TaskBoard board;
  private final EventHub events;
  private final AgentMetrics metrics = new AgentMetrics();
  private final TaskLoop loop;
  private final HelpDesk help;
  private final String self;
  private final AtomicReference<String> api = new AtomicReference<>("");
  private final AtomicReference<Instant> lastActivity;
  private final List<Thread> threads = new ArrayList<>();
  private final CountDownLatch heartbeatStop = new CountDownLatch(1);
  private volatile Thread heartbeat = Thread.ofVirtual().unstarted(() -> {}); // until start()
  private final LogReplicator replicator;

  private Agent(AgentConfig config, String version, InstantSource clock) throws IOException {
    this.config = config;
    this.version = version;
    this.clock = clock;
    this.started = clock.instant();
    this.lastActivity = new AtomicReference<>(started);
    DataDirectory.prepare(config.dataDir()); // 0700, before the key and the log go in
    PrivateKey identity = IdentityFile.loadOrCreate(config.dataDir());
    this.signedLog = openLog(config.dataDir().resolve("log"), identity);
    this.events = new EventHub(clock);
    this.journal = new Journal(new AuditLog(signedLog, clock), events);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.capabilities = detect(config, http);
    this.repos = openRepos(config);
    Workspaces workspaces =
        new Workspaces(
            config.dataDir(),
            config.git(),
            config
                .tracker()
                .token()
                .map(t -> GitCredentials.gitea(repos.get(0).tracker().login(), t)));
    // before the node starts, so that a sandbox without an engine fails fast and alone
    Executor executor = ExecutorFactory.create(config, workspaces.scratch(), System.getenv(), http);
    this.node = P2pNode.start(nodeConfig(config, identity, version));
    this.self = node.peerId().toString();
    this.replicator =
        new LogReplicator(
            node.host(), signedLog, config.dataDir().resolve("peers"), config.replicateLogs());
    this.board = new TaskBoard(clock, e -> events.publish(TaskBoard.event(e)));
    PeerTable peers = new PeerTable(self, config.availabilityInterval(), clock);
    HelpRelay relay =
        new HelpRelay(
            self,
            required ->
                loopFreeSlots() > 0
                    && required.stream().allMatch(r -> canMeet(capabilities.current(), r)),
            clock);
    HelpRounds rounds =
        new HelpRounds(
            self,
            clock,
            () -> UUID.randomUUID().toString(),
            config.availabilityInterval().multipliedBy(2));
    Topics topics = config.node().topics().topics();
    GossipsubService pubsub = node.pubsub().orElseThrow();
    this.mesh = new GossipMesh(pubsub);
    Listener listener = new Listener();
    this.coordinator =
        new Coordinator(
            self, topics, new MessageCodec(), mesh, peers, relay, rounds, clock, listener);
    this.help = new HelpDesk(self, coordinator, journal, board);
    AgentIdentity me =
        new AgentIdentity(
            config.name(),
            Optional.of(self),
            Optional.of(HexFormat.of().formatHex(signedLog.key())));
    TaskJob job =
        new TaskJob(
            self,
            me,
            coordinator,
            journal,
            board,
            metrics,
            workspaces,
            executor,
            capabilities::current,
            help);
    this.loop =
        new TaskLoop(
            self,
            me,
            repos,
            peers,
            capabilities::current,
            job,
            board,
            metrics,
            config.maxTasks(),
            config.pollInterval(),
            clock);
    help.onRelease(
        loop::release,
        (held, reason) -> {
          job.fail(held, reason);
          loop.release(held);
        });
    mesh.subscribe(topics, coordinator);
  }

  /** Builds the agent (node listening, log open, trackers connected) without claiming yet. */
  public static Agent create(AgentConfig config, String version) throws IOException {
    return new Agent(config, version, InstantSource.system());
  }

  /**
   * Starts the broadcasts and the task loop.
   *
   * @param apiHealthUrl the health URL of this agent's HTTP API, for the capability broadcast
   */
  public void start(Optional<String> apiHealthUrl) {
    apiHealthUrl.ifPresent(api::set);
    publishCapabilities("startup");
    heartbeat = Thread.ofVirtual().name("agent-heartbeat").start(this::heartbeat);
    threads.add(heartbeat);
    threads.add(Thread.ofVirtual().name("agent-poller").start(loop::run));
    threads.add(Thread.ofVirtual().name("agent-capabilities").start(this::watchCapabilities));
    log.atInfo()
        .addKeyValue("name", config.name())
        .addKeyValue("peer", self)
        .addKeyValue("capabilities", capabilities.current().names())
        .log("agent started");
  }

  private String advertisedApi() {
    return AdvertisedApi.of(api.get(), node.fullAddresses());
  }

  public String peerId() {
    return self;
  }

  public List<String> multiaddrs() {
    return node.fullAddresses().stream().map(Multiaddr::toString).toList();
  }

  /** Adds bootstrap addresses learned at run time. */
  public void addBootstrap(List<String> multiaddrs) {
    node.addBootstrapAddresses(multiaddrs.stream().map(Multiaddr::parse).toList());
  }

  // ---- AgentView ----

  @Override
  public Health health() {
    Capabilities now = capabilities.current();
    return new Health(
        loop.claimingStopped() ? "stopping" : "ok",
        self,
        multiaddrs(),
        node.host().connections().size(),
        node.pubsub().map(p -> List.copyOf(p.topics())).orElse(List.of()).stream()
            .sorted()
            .toList(),
        Duration.between(started, clock.instant()).toSeconds(),
        new AgentInfo(
            self,
            config.name(),
            List.copyOf(now.names()),
            now.models(),
            config.specialization(),
            version,
            config.maxTasks(),
            board.active(),
            HexFormat.of().formatHex(signedLog.key())));
  }

  @Override
  public Mesh mesh() {
    return MeshSnapshot.of(health(), advertisedApi(), node, coordinator.peers(), board);
  }

  @Override
  public EventHub events() {
    return events;
  }

  @Override
  public List<BootstrapPeer> bootstrapPeers() {
    List<BootstrapPeer> out = new ArrayList<>();
    for (PeerTable.PeerView p : coordinator.peers().peers()) {
      if (p.state() != PeerTable.State.LIVE || p.capabilities().isEmpty()) {
        continue;
      }
      out.add(
          new BootstrapPeer(
              p.peerId(),
              p.capabilities().get().multiaddrs(),
              "",
              p.availability().map(a -> a.availableForWork() ? 1 : 2).orElse(2),
              p.lastSeen().toString()));
    }
    return out;
  }

  @Override
  public List<PeerTable.PeerView> peers() {
    return coordinator.peers().peers();
  }

  @Override
  public List<TaskBoard.Entry> tasks() {
    return board.entries();
  }

  @Override
  public Metrics metrics() {
    return new Metrics(
        (int)
            coordinator.peers().peers().stream()
                .filter(p -> p.state() == PeerTable.State.LIVE)
                .count(),
        coordinator.counters().receivedByTopic(),
        coordinator.counters().sentByTopic(),
        coordinator.counters().malformedCount(),
        metrics.snapshot(),
        journal.length(),
        board.active());
  }

  // ---- lifecycle ----

  /**
   * Shutdown: stop claiming, let running tasks finish within {@code grace}, interrupt the rest
   * (their workspaces are removed), release tasks waiting for help, then say goodbye: a last
   * availability broadcast with {@code leaving: true}. Peers drop this agent at once, poll its
   * share of the repositories and take over the claims it released at their next poll.
   */
  public void shutdown(Duration grace) {
    loop.stopClaiming();
    try {
      // The heartbeat goes on during the grace period, so that peers do not suspect this agent
      // while its tasks finish; it stops before the goodbye, which must be the last broadcast.
      stop(threads.stream().filter(t -> t != heartbeat).toList());
      if (!loop.awaitIdle(grace)) {
        loop.interruptWorkers();
        loop.awaitIdle(Duration.ofSeconds(10));
      }
      heartbeatStop.countDown();
      if (heartbeat.getState() != Thread.State.NEW) {
        heartbeat.join(Duration.ofSeconds(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (HeldTask held : help.drain()) {
      board.stage(held.ref(), TaskBoard.Stage.RELEASED, "agent stopped");
    }
    publish(
        Payload.AvailabilityBroadcast.goodbye(
            self, config.maxTasks(), lastActivity.get(), clock.instant()));
    journal.record(EntryType.PEER_LEFT, Map.of("node", self, "reason", "shutdown"));
  }

  @Override
  public void close() {
    if (!loop.claimingStopped()) {
      shutdown(Duration.ofSeconds(30));
    }
    mesh.close();
    replicator.close();
    try {
      node.pubsub().ifPresent(p -> flush(p));
    } finally {
      node.close();
      repos.forEach(r -> r.tracker().close());
      http.close();
      journal.close();
      signedLog.close();
    }
  }

  private static void stop(List<Thread> toStop) throws InterruptedException {
    toStop.forEach(Thread::interrupt);
    for (Thread t : toStop) {
      if (t.getState() != Thread.State.NEW) {
        t.join(Duration.ofSeconds(5));
      }
    }
  }

  private static void flush(GossipsubService p) {
    try {
      p.flush(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void heartbeat() {
    while (heartbeatStop.getCount() > 0) {
      publishAvailability();
      try {
        coordinator.tick();
      } catch (IOException | RuntimeException e) {
        log.atWarn().log("coordination tick failed: " + e.getMessage());
      }
      try {
        // the broadcast period; shutdown ends it with the latch, after the grace period, so the
        // goodbye is the last broadcast
        heartbeatStop.await(config.availabilityInterval().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Detects capabilities again every interval; broadcasts only a change, with its reason. */
  private void watchCapabilities() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(config.capabilityInterval()); // the detection period
        capabilities
            .redetect()
            .ifPresent(
                reason -> {
                  log.atInfo().addKeyValue("reason", reason).log("capabilities changed");
                  publishCapabilities(reason);
                });
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.atWarn().log("capability detection failed: " + e.getMessage());
      }
    }
  }

  private void publishAvailability() {
    int current = board.active();
    if (current > 0) {
      lastActivity.set(clock.instant());
    }
    publish(
        Payload.AvailabilityBroadcast.of(
            self,
            Math.min(current, config.maxTasks()),
            config.maxTasks(),
            lastActivity.get(),
            clock.instant(),
            coordinator.peers().missingPeers()));
  }

  private void publishCapabilities(String reason) {
    Capabilities now = capabilities.current();
    publish(
        Broadcasts.capability(
            self,
            List.copyOf(now.names()),
            now.models(),
            version,
            config.specialization(),
            reason,
            HexFormat.of().formatHex(signedLog.key()),
            multiaddrs(),
            advertisedApi(),
            clock.instant()));
  }

  private void publish(Payload payload) {
    try {
      coordinator.publish(payload);
    } catch (IOException | RuntimeException e) {
      log.atDebug()
          .addKeyValue("type", payload.wireType())
          .log("cannot publish: " + e.getMessage());
    }
  }

  private int loopFreeSlots() {
    return loop == null ? 0 : loop.freeSlots();
  }

  private static boolean canMeet(Capabilities caps, String requirement) {
    return caps.missing(List.of(requirement)).isEmpty();
  }

  /** Reacts to the mesh: hand-overs to us, peers joining, objections for the log. */
  private final class Listener implements CoordinationListener {
    @Override
    public void onMessage(String topic, Envelope envelope) {
      events.publish(Events.message(AgentEvent.Direction.RECEIVED, topic, envelope));
      switch (envelope.data()) {
        case Payload.TaskProgress p
            when p.stage().equals(HelpDesk.HANDOVER_STAGE) && p.message().equals(self) ->
            loop.takeOver(p.task(), envelope.from());
        case Payload.CapabilityBroadcast caps -> replicator.onCapabilities(caps);
        case Payload.MetaDiscussion m when m.kind().equals("objection") ->
            journal.task(
                EntryType.OBJECTION_RAISED,
                m.task(),
                Map.of("from", envelope.from(), "text", m.text()));
        default -> {}
      }
    }

    @Override
    public void onSent(String topic, Envelope envelope) {
      events.publish(Events.message(AgentEvent.Direction.SENT, topic, envelope));
    }

    @Override
    public void onHandOver(HelpRounds.HandOver handOver) {
      help.handOver(handOver);
    }

    @Override
    public void onGiveUp(HelpRounds.GiveUp giveUp) {
      Thread.ofVirtual().name("give-up").start(() -> help.giveUp(giveUp));
    }

    @Override
    public void onPeerChange(PeerTable.Change change) {
      events.publish(Events.peer(change));
      EntryType type =
          switch (change.to()) {
            case LIVE -> EntryType.PEER_JOINED;
            case SUSPECT -> EntryType.NETWORK_EVENT;
            case GONE -> EntryType.PEER_LEFT;
          };
      String reason = change.reason().name().toLowerCase(Locale.ROOT);
      journal.record(
          type,
          Map.of(
              "peer",
              change.peerId(),
              "state",
              change.to().name().toLowerCase(Locale.ROOT),
              "reason",
              reason));
      switch (change.to()) {
        case LIVE -> publishCapabilities("peer_joined"); // so that a newcomer learns what we can do
        case GONE -> {
          log.atInfo()
              .addKeyValue("peer", change.peerId())
              .addKeyValue("reason", reason)
              .log("peer_left");
          loop.wakeUp(); // poll its share of the repositories and its claims now
        }
        case SUSPECT -> {}
      }
    }
  }

  // ---- construction helpers ----

  private static SignedLog openLog(Path dir, PrivateKey identity) throws IOException {
    if (Files.exists(dir.resolve(LogFiles.META))) {
      return SignedLog.open(dir, LogOptions.DEFAULT);
    }
    Files.createDirectories(dir);
    return SignedLog.create(dir, KeyMode.MANIFEST, identity, LogOptions.DEFAULT);
  }

  private static LiveCapabilities detect(AgentConfig config, HttpClient http) {
    Optional<java.net.URI> ollama =
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

  private static List<RepoHandle> openRepos(AgentConfig config) {
    TrackerKind kind =
        config.tracker().kind() == AgentConfig.TrackerKind.GITHUB
            ? TrackerKind.GITHUB
            : TrackerKind.GITEA;
    Optional<Token> token = config.tracker().token().map(Secret::reveal).map(Token::of);
    List<RepoHandle> out = new ArrayList<>();
    for (String repo : config.tracker().repos()) {
      Tracker tracker =
          kind.open(Connection.of(config.tracker().url(), RepoRef.parse(repo), token));
      tracker.ensureLabels();
      String user = kind == TrackerKind.GITHUB ? "x-access-token" : tracker.login();
      ResultWorkflow results =
          new ResultWorkflow(tracker, new JGitPush(user, token.orElse(Token.of("none"))));
      out.add(new RepoHandle(repo, tracker, results));
    }
    return out;
  }

  private static NodeConfig nodeConfig(AgentConfig config, PrivateKey identity, String version) {
    NodeConfig node =
        NodeConfig.defaults(identity, PeerNames.random(new SecureRandom()))
            .withListen(config.node().listen().stream().map(Multiaddr::parse).toList())
            .withBootstrap(
                BootstrapConfig.of(
                    config.node().bootstrap().stream().map(Multiaddr::parse).toList()))
            .withAgentVersion("bzzz/" + version)
            .withGossip(Optional.of(GossipsubService.Options.defaults()));
    return config.node().mdns() ? node : node.withMdns(Optional.empty());
  }
}
