package io.bzzz.p2p.host;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.ConnectionListener;
import io.bzzz.p2p.Host;
import io.bzzz.p2p.PeerInfo;
import io.bzzz.p2p.PeerStore;
import io.bzzz.p2p.StreamHandler;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.protocol.identify.IdentifyMessage;
import io.bzzz.p2p.protocol.identify.IdentifyService;
import io.bzzz.p2p.protocol.ping.PingService;
import io.bzzz.p2p.security.noise.NoiseXxHandshake;
import io.bzzz.p2p.transport.tcp.TcpListener;
import io.bzzz.p2p.transport.tcp.TcpTransport;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Host}: TCP listeners, dialing with upgrade, the connection manager, stream handlers,
 * identify (+ push) and ping. It owns every listener, connection and thread it starts; {@link
 * #close()} ends them all.
 */
public final class BasicHost implements Host {
  private static final Logger log = LoggerFactory.getLogger(BasicHost.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  /** How long a peer's identify push waits for our identify of it (see HostConnection). */
  private static final Duration PUSH_WAITS_FOR_IDENTIFY = Duration.ofSeconds(10);

  /** How long the loser of a simultaneous dial stays open (see closeDuplicate). */
  private static final Duration DUPLICATE_GRACE = Duration.ofSeconds(2);

  private final HostConfig config;
  private final PeerId self;
  private final Upgrader upgrader;
  private final ConnectionManager connections;
  private final DialBackoff backoff;
  private final MemoryPeerStore peerStore;
  private final IdentifyService identify;
  private final AdvertisedAddresses addresses;
  private final ThreadTracker threads = new ThreadTracker();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final Object protocolsLock = new Object();
  private volatile List<String> protocols = List.of(); // sorted handlers.keySet()
  private final Map<Object, CompletableFuture<Connection>> pendingDials = new ConcurrentHashMap<>();
  // in-flight dials by transport address (no /p2p): a dial of the same address under a peer id
  // joins one without, as discovery dials a replica that a DNS list is already dialing
  private final Map<Multiaddr, DialInFlight> dialsByAddress = new ConcurrentHashMap<>();

  private record DialInFlight(CompletableFuture<Connection> result, boolean withPeerId) {}

  private final Map<InetAddress, Integer> handshaking = new ConcurrentHashMap<>(); // inbound

  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final List<TcpListener> tcpListeners = new CopyOnWriteArrayList<>();
  private final Set<Multiaddr> observedAddresses = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ConnectionOwner owner = new Owner();

  private BasicHost(HostConfig config, AdvertisedAddresses addresses) {
    this.config = config;
    this.self = config.identity().peerId();
    this.addresses = addresses;
    this.upgrader =
        new Upgrader(
            new NoiseXxHandshake(config.identity(), config.random()),
            config.muxer(),
            config.access(),
            config.random());
    this.connections = new ConnectionManager(self, config.maxConnections());
    this.backoff = new DialBackoff(config.dialBackoff(), config.maxDialBackoff(), config.clock());
    this.peerStore = new MemoryPeerStore(config.clock());
    this.identify =
        new IdentifyService(
            config.identity(),
            config.agentVersion(),
            this::protocols,
            this::advertisedAddresses,
            this::identified);
    handlers.put(
        IdentifyService.PROTOCOL, s -> identify.handleRequest(s, ((HostStream) s).connection()));
    handlers.put(
        IdentifyService.PUSH_PROTOCOL,
        s -> {
          HostConnection connection = ((HostStream) s).connection();
          identify.handlePush(
              s, connection, () -> connection.awaitFirstIdentify(PUSH_WAITS_FOR_IDENTIFY));
        });
    handlers.put(PingService.PROTOCOL, PingService::handle);
    refreshProtocols();
  }

  /** Builds the host and starts listening on every configured address. */
  public static BasicHost start(HostConfig config) throws IOException {
    return start(config, AdvertisedAddresses.system());
  }

  static BasicHost start(HostConfig config, AdvertisedAddresses addresses) throws IOException {
    BasicHost host = new BasicHost(config, addresses);
    try {
      for (Multiaddr address : config.listenAddresses()) {
        host.tcpListeners.add(TcpTransport.listen(address, host::accepted));
      }
    } catch (IOException | RuntimeException e) {
      host.close();
      throw e;
    }
    if (!config.idleTimeout().isZero()) {
      host.threads.start("idle-reaper", host::reapIdle);
    }
    log.atInfo()
        .addKeyValue("peer", host.self)
        .addKeyValue("listen", host.listenAddresses())
        .log("host started");
    return host;
  }

  @Override
  public PeerId peerId() {
    return self;
  }

  @Override
  public PrivateKey identity() {
    return config.identity();
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    return tcpListeners.stream().map(TcpListener::address).toList();
  }

  /** Listen addresses with 0.0.0.0 / :: expanded to every interface address (loopback kept). */
  public List<Multiaddr> interfaceListenAddresses() {
    return addresses.expanded(listenAddresses());
  }

  @Override
  public List<Multiaddr> advertisedAddresses() {
    return addresses.advertised(listenAddresses());
  }

  /** Our addresses as peers reported seeing them in identify. */
  public Set<Multiaddr> observedAddresses() {
    return Set.copyOf(observedAddresses);
  }

  // ---------------------------------------------------------------- dialing

  @Override
  public Connection connect(Multiaddr address) throws IOException {
    Optional<PeerId> expected = address.peerId();
    if (expected.isPresent()) {
      if (expected.get().equals(self)) {
        throw new IOException("refusing to dial ourselves at " + address);
      }
      Optional<HostConnection> existing = connections.get(expected.get());
      if (existing.isPresent()) {
        return existing.get();
      }
      Optional<String> blocked = backoff.blocked(expected.get());
      if (blocked.isPresent()) {
        throw new IOException(blocked.get());
      }
    }
    Object key = expected.<Object>map(p -> p).orElse(address);
    Multiaddr transport = address.withoutPeerId();
    DialInFlight sameAddress = dialsByAddress.get(transport);
    // a dial of the same kind is joined below, through pendingDials
    if (sameAddress != null && sameAddress.withPeerId() != expected.isPresent()) {
      Optional<Connection> joined = join(sameAddress.result(), expected, transport);
      if (joined.isPresent()) {
        return joined.get();
      }
    }
    CompletableFuture<Connection> mine = new CompletableFuture<>();
    CompletableFuture<Connection> pending = pendingDials.putIfAbsent(key, mine);
    if (pending != null) {
      return await(pending, address);
    }
    DialInFlight inFlight = new DialInFlight(mine, expected.isPresent());
    dialsByAddress.putIfAbsent(transport, inFlight);
    try {
      Connection connection = dial(address, expected);
      mine.complete(connection);
      return connection;
    } catch (IOException | RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      pendingDials.remove(key, mine);
      dialsByAddress.remove(transport, inFlight);
    }
  }

  /**
   * The connection of another kind of dial in flight to the same transport address (with a peer id
   * or without), once it is up, when it reached the peer we expect: one handshake instead of two.
   * Empty when it failed or another peer answered there (an address without a peer id may be a load
   * balancer).
   */
  private static Optional<Connection> join(
      CompletableFuture<Connection> inFlight, Optional<PeerId> expected, Multiaddr transport)
      throws InterruptedIOException {
    try {
      Connection connection = inFlight.get();
      boolean wanted = expected.map(p -> p.equals(connection.remotePeer())).orElse(true);
      return wanted && connection.isOpen() ? Optional.of(connection) : Optional.empty();
    } catch (ExecutionException e) {
      return Optional.empty(); // that dial's failure is reported to its own caller
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while joining a dial to " + transport);
    }
  }

  @Override
  public Connection connect(PeerId peer) throws IOException {
    Optional<HostConnection> existing = connections.get(peer);
    if (existing.isPresent()) {
      return existing.get();
    }
    List<Multiaddr> known =
        peerStore.get(peer).map(PeerInfo::addresses).orElse(List.of()).stream()
            .filter(TcpTransport::canDial)
            .toList();
    if (known.isEmpty()) {
      throw new IOException("no known address for peer " + peer);
    }
    IOException last = null;
    for (Multiaddr address : known) {
      try {
        return connect(address.withPeerId(peer));
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  private Connection dial(Multiaddr address, Optional<PeerId> expected) throws IOException {
    if (closed.get()) {
      throw new IOException("host is closed");
    }
    if (!connections.tryReserve()) {
      throw new IOException("connection limit of " + config.maxConnections() + " reached");
    }
    Socket socket = null;
    try {
      long start = System.nanoTime();
      socket = TcpTransport.dial(address, config.dialTimeout());
      sockets.add(socket);
      Duration left = config.dialTimeout().minusNanos(System.nanoTime() - start);
      Upgrader.Upgraded upgraded =
          upgrader.outbound(socket, expected, left.isNegative() ? Duration.ofMillis(1) : left);
      refuseOurselves(upgraded, address);
      expected.ifPresent(backoff::succeeded);
      // An address without a peer id may be a load balancer in front of many peers: not theirs.
      expected.ifPresent(p -> peerStore.addAddresses(p, List.of(address)));
      return register(upgraded, true);
    } catch (IOException | RuntimeException e) {
      connections.release();
      closeQuietly(socket);
      expected.ifPresent(p -> backoff.failed(p, String.valueOf(e.getMessage())));
      log.atDebug()
          .addKeyValue("address", address)
          .addKeyValue("reason", e.getMessage())
          .log("dial failed");
      throw e;
    }
  }

  /**
   * A connection to our own identity: an address without a peer id that leads back to us (a virtual
   * IP that picked our own replica, an advertised address of ours). Both ends are ours.
   */
  private void refuseOurselves(Upgrader.Upgraded upgraded, Multiaddr address) throws IOException {
    if (upgraded.remotePeer().equals(self)) {
      upgraded.session().close(true);
      throw new IOException("connected to ourselves through " + address);
    }
  }

  private static Connection await(CompletableFuture<Connection> pending, Multiaddr address)
      throws IOException {
    try {
      return pending.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("dialing " + address + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while dialing " + address);
    }
  }

  // ---------------------------------------------------------------- inbound

  @Override
  public Set<InetAddress> handshakingFrom() {
    return Set.copyOf(handshaking.keySet());
  }

  private void accepted(Socket socket) {
    if (closed.get()) {
      closeQuietly(socket);
      return;
    }
    sockets.add(socket);
    if (!connections.tryReserve()) {
      log.atWarn()
          .addKeyValue("remote", socket.getRemoteSocketAddress())
          .addKeyValue("limit", config.maxConnections())
          .log("connection limit reached; closing inbound connection");
      closeQuietly(socket);
      return;
    }
    // counted from the accept, not from when the upgrade thread first runs (late on a busy host)
    InetAddress from = socket.getInetAddress();
    handshaking.merge(from, 1, Integer::sum);
    threads.start("upgrade " + socket.getRemoteSocketAddress(), () -> upgradeInbound(socket, from));
  }

  private void upgradeInbound(Socket socket, InetAddress from) {
    try {
      Upgrader.Upgraded upgraded = upgrader.inbound(socket, config.handshakeTimeout());
      refuseOurselves(upgraded, upgraded.remoteAddress());
      register(upgraded, false);
    } catch (IOException | RuntimeException e) {
      connections.release();
      closeQuietly(socket);
      log.atInfo()
          .addKeyValue("remote", socket.getRemoteSocketAddress())
          .addKeyValue("reason", e.getMessage())
          .log("inbound connection rejected");
    } finally {
      handshaking.computeIfPresent(from, (ip, n) -> n > 1 ? n - 1 : null);
    }
  }

  // ---------------------------------------------------------------- registry

  private HostConnection register(Upgrader.Upgraded upgraded, boolean outbound) {
    HostConnection connection =
        new HostConnection(
            upgraded.session(),
            upgraded.remotePeer(),
            upgraded.remoteAddress(),
            upgraded.localAddress(),
            outbound,
            owner,
            config.maxStreamsPerConnection(),
            config.negotiationTimeout(),
            config.clock());
    connection.startAccepting();
    ConnectionManager.Registration r = connections.register(connection);
    r.loser().ifPresent(this::closeDuplicate);
    if (closed.get()) {
      connection.close();
      return connection;
    }
    if (r.newWinner()) {
      peerStore.touch(connection.remotePeer());
      log.atInfo()
          .addKeyValue("peer", connection.remotePeer())
          .addKeyValue("remote", connection.remoteAddress())
          .addKeyValue("outbound", outbound)
          .log("connected");
      fire(l -> l.connected(connection));
      threads.start("identify " + connection.remotePeer(), () -> runIdentify(connection));
    }
    return r.winner();
  }

  /**
   * Closes the connection that lost to a simultaneous dial after a grace period, not at once: the
   * peer picks the same winner but may not have finished its side of it yet, and closing the loser
   * now would leave the peer without any connection to us for that moment (streams it opens on the
   * loser meanwhile are still served). The peer stays connected throughout, so no listener hears of
   * it.
   */
  private void closeDuplicate(HostConnection loser) {
    log.atDebug()
        .addKeyValue("peer", loser.remotePeer())
        .addKeyValue("closing", loser)
        .log("duplicate connection");
    if (!loser.isOpen()) {
      return;
    }
    threads.start(
        "close duplicate " + loser.remotePeer(),
        () -> {
          try {
            closing.await(DUPLICATE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          loser.close();
        });
  }

  private void runIdentify(HostConnection connection) {
    try {
      identify.identify(connection);
    } catch (IOException | RuntimeException e) {
      if (connection.isOpen()) {
        log.atInfo()
            .addKeyValue("peer", connection.remotePeer())
            .addKeyValue("reason", e.getMessage())
            .log("identify failed");
      }
    } finally {
      connection.firstIdentifyDone();
    }
  }

  private void identified(Connection connection, IdentifyMessage message) {
    message.observedAddress().ifPresent(this::recordObserved);
    PeerInfo info =
        peerStore.recordIdentify(
            connection.remotePeer(),
            message.listenAddresses(),
            message.protocols(),
            message.agentVersion());
    log.atDebug()
        .addKeyValue("peer", connection.remotePeer())
        .addKeyValue("agent", info.agentVersion().orElse("?"))
        .addKeyValue("protocols", info.protocols())
        .log("identified");
    fire(l -> l.identified(connection.remotePeer(), info));
  }

  private void recordObserved(Multiaddr address) {
    if (observedAddresses.size() < 16) {
      observedAddresses.add(address);
    }
  }

  private void connectionClosed(HostConnection connection) {
    if (connections.remove(connection)) {
      peerStore.touch(connection.remotePeer());
      log.atInfo().addKeyValue("peer", connection.remotePeer()).log("disconnected");
      fire(l -> l.disconnected(connection));
    }
  }

  @Override
  public Optional<Connection> connection(PeerId peer) {
    return connections.get(peer).map(c -> c);
  }

  @Override
  public Collection<Connection> connections() {
    return List.copyOf(connections.connections());
  }

  // ---------------------------------------------------------------- protocols

  @Override
  public void setStreamHandler(String protocol, StreamHandler handler) {
    if (handlers.put(protocol, handler) == null) {
      refreshProtocols();
      pushIdentify();
    }
  }

  @Override
  public void removeStreamHandler(String protocol) {
    if (handlers.remove(protocol) != null) {
      refreshProtocols();
      pushIdentify();
    }
  }

  /** The protocols we serve, sorted (what identify lists). */
  public List<String> protocols() {
    return protocols;
  }

  /**
   * Sorts the protocol list once per change, not for every identify answer. Locked so that the last
   * of two concurrent changes writes a list that has both.
   */
  private void refreshProtocols() {
    synchronized (protocolsLock) {
      protocols = List.copyOf(new TreeSet<>(handlers.keySet()));
    }
  }

  /**
   * Tells every connected peer our new protocol list, also the ones whose identify is still under
   * way: their identify may already have been answered with the old list (a peer that turns out not
   * to speak push refuses the stream, which costs one negotiation).
   */
  private void pushIdentify() {
    for (HostConnection connection : connections.connections()) {
      boolean refused =
          peerStore
              .get(connection.remotePeer())
              .map(p -> !p.protocols().isEmpty() && !p.supports(IdentifyService.PUSH_PROTOCOL))
              .orElse(false);
      if (!refused) {
        threads.start(
            "identify-push " + connection.remotePeer(),
            () -> {
              try {
                identify.push(connection);
              } catch (IOException e) {
                log.atDebug()
                    .addKeyValue("peer", connection.remotePeer())
                    .addKeyValue("reason", e.getMessage())
                    .log("identify push failed");
              }
            });
      }
    }
  }

  @Override
  public PeerStore peerStore() {
    return peerStore;
  }

  @Override
  public void addConnectionListener(ConnectionListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeConnectionListener(ConnectionListener listener) {
    listeners.remove(listener);
  }

  private void fire(java.util.function.Consumer<ConnectionListener> event) {
    for (ConnectionListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        log.atWarn().setCause(e).log("connection listener failed");
      }
    }
  }

  // ---------------------------------------------------------------- lifecycle

  private void reapIdle() {
    Duration idle = config.idleTimeout();
    long periodMillis = Math.max(10, Math.min(1000, idle.toMillis() / 4));
    try {
      while (!closing.await(periodMillis, TimeUnit.MILLISECONDS)) {
        for (HostConnection c : connections.idleSince(config.clock().instant().minus(idle))) {
          log.atInfo().addKeyValue("peer", c.remotePeer()).log("closing idle connection");
          c.close();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Live threads the host started (accept loops, stream handlers, identify, upgrades). */
  int liveThreads() {
    return threads.liveCount();
  }

  /** Sockets the host accepted or dialled that are still open (listeners not included). */
  int openSockets() {
    sockets.removeIf(Socket::isClosed);
    return sockets.size();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closing.countDown();
    tcpListeners.forEach(TcpListener::close);
    List<HostConnection> open = new ArrayList<>(connections.allConnections());
    open.forEach(HostConnection::close);
    sockets.forEach(BasicHost::closeQuietly);
    threads.awaitAll(CLOSE_WAIT);
    log.atInfo()
        .addKeyValue("peer", self)
        .addKeyValue("connections", open.size())
        .log("host closed");
  }

  private static void closeQuietly(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private final class Owner implements ConnectionOwner {
    @Override
    public Optional<StreamHandler> handler(String protocol) {
      return Optional.ofNullable(handlers.get(protocol));
    }

    @Override
    public ThreadTracker threads() {
      return threads;
    }

    @Override
    public void closed(HostConnection connection) {
      connectionClosed(connection);
    }
  }

  @Override
  public String toString() {
    return "BasicHost(" + self + ")";
  }
}
