package io.bzzz.p2p.discovery.bootstrap;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.ConnectionListener;
import io.bzzz.p2p.Host;
import io.bzzz.p2p.PeerInfo;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.discovery.Backoff;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the host's connection count between the water marks: below the low mark it dials bootstrap
 * addresses that are not connected (each with its own exponential backoff after a failure), below
 * the high mark the replicas DNS discovery lists, above the high mark it closes randomly chosen
 * connections to non-bootstrap peers down to the low mark. Addresses come from the configuration
 * and may be added later (another agent's bootstrap API). DNS discovery sets the replicas each name
 * lists now: they are dialed at once, redialed after a short backoff of their own, and dropped when
 * the name no longer lists them.
 *
 * <p>An address that reached a peer which does not list it among its own addresses is a front: a
 * load balancer or a virtual IP (Docker Swarm's service VIP) that hands each connection to some
 * replica. One connection through it finds one replica, and replicas that each found one other can
 * form islands that Kademlia cannot join. A front is therefore dialed again while it is connected:
 * after 1 s while each dial reaches a peer we had no connection to, backing off to once a minute
 * once it keeps reaching known ones. Owns its check thread and its dial threads.
 */
public final class BootstrapManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BootstrapManager.class);
  private static final Duration FIRST_PROBE = Duration.ofSeconds(1);
  private static final Duration MAX_PROBE = Duration.ofMinutes(1);

  /**
   * How long a replica waits before dialing one with a lower address, which dials it first: long
   * enough for that dial and its identify, short enough that a replica that did not dial (not up
   * yet, or its answer lacks ours) costs little.
   */
  static final Duration DIAL_SECOND_WAIT = Duration.ofSeconds(2);

  /**
   * How long an inbound connection from a listed replica's IP stands for that replica while its
   * handshake or identify is outstanding: when 34 replicas start together on two cores each takes
   * up to 8 s, and dialing meanwhile made a duplicate connection for a third of the pairs. Only
   * another peer from that IP that never finishes (a rare set-up) delays the replica's dial this
   * long.
   */
  static final Duration IDENTIFY_WAIT = Duration.ofSeconds(15);

  /** Per-address dial state. */
  private static final class Target {
    final Multiaddr address;
    boolean pinned; // configured or added: kept for good
    final Set<String> dnsNames = new HashSet<>(); // the DNS names that list it now
    Backoff redial;
    int failures;
    Instant notBefore = Instant.MIN;
    boolean dialing;
    PeerId peer; // learnt from the address or from the first successful dial
    boolean front; // the peer reached does not list this address (see the class comment)
    boolean second; // a replica with a lower address: it dials us, we dial it only slowly
    Duration probeDelay = FIRST_PROBE;
    Instant nextProbe = Instant.MIN;
    Instant unidentifiedSince; // an inbound connection from its IP awaits identify since then

    Target(Multiaddr address, Backoff redial) {
      this.address = address;
      this.redial = redial;
      this.peer = address.peerId().orElse(null);
    }
  }

  private final Host host;
  private final BootstrapConfig config;
  private final InstantSource clock;
  private final RandomGenerator random;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Map<Multiaddr, Target> targets = new HashMap<>();
  private final Set<Thread> dials = new HashSet<>();
  private final ConnectionListener disconnects;
  private boolean closed;
  private Thread checker;

  private BootstrapManager(
      Host host, BootstrapConfig config, InstantSource clock, RandomGenerator random) {
    this.host = host;
    this.config = config;
    this.clock = clock;
    this.random = random;
    this.disconnects =
        new ConnectionListener() {
          @Override
          public void disconnected(Connection connection) {
            signal();
          }
        };
    config.peers().forEach(a -> pinned(a));
  }

  public static BootstrapManager start(
      Host host, BootstrapConfig config, InstantSource clock, RandomGenerator random) {
    BootstrapManager manager = new BootstrapManager(host, config, clock, random);
    host.addConnectionListener(manager.disconnects);
    manager.checker = Thread.ofVirtual().name("bootstrap").start(manager::checkLoop);
    return manager;
  }

  /** Adds addresses to keep connected to (duplicates and our own addresses are ignored). */
  public void addAddresses(List<Multiaddr> addresses) {
    lock.lock();
    try {
      for (Multiaddr a : addresses) {
        if (a.peerId().map(host.peerId()::equals).orElse(false)) {
          continue;
        }
        pinned(a);
      }
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Called with the lock held (or from the constructor). */
  private void pinned(Multiaddr address) {
    Target t = targets.computeIfAbsent(address, a -> new Target(a, config.backoff()));
    t.pinned = true;
    t.redial = config.backoff();
  }

  /**
   * The replicas DNS name {@code name} lists now. New ones are dialed at once; a listed address
   * that fails waits {@code redial}, not the bootstrap backoff, because DNS lists a replica before
   * it listens. Addresses the name no longer lists are forgotten (unless pinned or listed by
   * another name); connections to them stay.
   */
  public void setDnsAddresses(String name, List<Multiaddr> addresses, Backoff redial) {
    setDnsAddresses(name, addresses, Set.of(), redial);
  }

  /**
   * As {@link #setDnsAddresses(String, List, Backoff)}; an address in {@code dialSecond} belongs to
   * a replica that dials us: it is first dialed {@link #DIAL_SECOND_WAIT} after it is listed, and
   * redialed after a failure no sooner than that (not at the fast DNS redial pace), so that our
   * dial rarely meets its dial to us when it starts listening.
   */
  public void setDnsAddresses(
      String name, List<Multiaddr> addresses, Set<Multiaddr> dialSecond, Backoff redial) {
    Set<Multiaddr> listed = new HashSet<>(addresses);
    lock.lock();
    try {
      targets
          .values()
          .removeIf(
              t -> {
                if (!listed.contains(t.address)) {
                  t.dnsNames.remove(name);
                }
                return !t.pinned && t.dnsNames.isEmpty();
              });
      for (Multiaddr a : listed) {
        if (a.peerId().map(host.peerId()::equals).orElse(false)) {
          continue;
        }
        Target t = targets.get(a);
        if (t == null) {
          t = new Target(a, redial);
          if (dialSecond.contains(a)) {
            t.notBefore = clock.instant().plus(DIAL_SECOND_WAIT);
          }
          targets.put(a, t);
        }
        t.second = dialSecond.contains(a);
        t.dnsNames.add(name);
      }
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The bootstrap addresses known now. */
  public List<Multiaddr> addresses() {
    lock.lock();
    try {
      return List.copyOf(targets.keySet());
    } finally {
      lock.unlock();
    }
  }

  /** Consecutive failed dials of {@code address} (0 when unknown or last dial succeeded). */
  public int failures(Multiaddr address) {
    lock.lock();
    try {
      Target t = targets.get(address);
      return t == null ? 0 : t.failures;
    } finally {
      lock.unlock();
    }
  }

  /**
   * True while a replica that a DNS name lists is not connected: the list names the whole cluster,
   * and until it is connected a Kademlia walk would only find the same peers again. A load-balanced
   * front (a virtual IP) lists no replica of its own and does not count.
   */
  public boolean connectingListedReplicas() {
    Set<PeerId> connected = new HashSet<>();
    host.connections().forEach(c -> connected.add(c.remotePeer()));
    lock.lock();
    try {
      learnPeersOfUnknownTargets(connected);
      return targets.values().stream()
          .anyMatch(
              t ->
                  !t.dnsNames.isEmpty()
                      && !t.front
                      && (t.peer == null || !connected.contains(t.peer)));
    } finally {
      lock.unlock();
    }
  }

  /** True for peers we reached through a bootstrap address: never trimmed. */
  public boolean isBootstrapPeer(PeerId peer) {
    lock.lock();
    try {
      return targets.values().stream().anyMatch(t -> peer.equals(t.peer));
    } finally {
      lock.unlock();
    }
  }

  private void signal() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void checkLoop() {
    while (true) {
      lock.lock();
      try {
        if (closed) {
          return;
        }
        dialMissing();
        wake.await(nextCheck().toNanos(), TimeUnit.NANOSECONDS);
        if (closed) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      trimIfAboveHighWater();
    }
  }

  /**
   * The check interval, or less when a target's backoff ends sooner (a DNS redial after 0.5 s must
   * not wait for the next 1 s check). Called with the lock held.
   */
  private Duration nextCheck() {
    Instant now = clock.instant();
    Duration next = config.checkInterval();
    for (Target t : targets.values()) {
      if (!t.dialing && now.isBefore(t.notBefore)) {
        next = min(next, Duration.between(now, t.notBefore));
      }
      if (t.unidentifiedSince != null) {
        Instant giveUp = t.unidentifiedSince.plus(IDENTIFY_WAIT);
        if (now.isBefore(giveUp)) {
          next = min(next, Duration.between(now, giveUp));
        }
      }
      if (t.front && !t.dialing && now.isBefore(t.nextProbe)) {
        next = min(next, Duration.between(now, t.nextProbe));
      }
    }
    return next;
  }

  /**
   * Dials the targets that are not connected, not being dialed and not backing off: configured
   * addresses while below the low mark, DNS-listed replicas while below the high mark. A replica
   * set is a whole cluster that should be one mesh: with the low mark alone, 34 replicas stop
   * dialing at 32 connections each and some pairs never meet. Called with the lock held.
   */
  private void dialMissing() {
    Collection<Connection> connections = host.connections();
    Set<InetAddress> handshaking = host.handshakingFrom();
    Set<PeerId> connected = new HashSet<>();
    connections.forEach(c -> connected.add(c.remotePeer()));
    learnPeersOfUnknownTargets(connected);
    recogniseFronts();
    int belowLow = config.lowWater() - connected.size();
    int belowHigh = config.highWater() - connected.size();
    Instant now = clock.instant();
    for (Target t : targets.values()) {
      if (belowHigh <= 0) {
        return;
      }
      boolean probe = t.front && !now.isBefore(t.nextProbe);
      if ((t.dnsNames.isEmpty() && belowLow <= 0 && !probe)
          || t.dialing
          || (t.peer != null && connected.contains(t.peer) && !probe)
          || now.isBefore(t.notBefore)
          || probablyDialedUs(t, connections, handshaking, now)) {
        continue;
      }
      t.dialing = true;
      belowLow--;
      belowHigh--;
      Thread dial = Thread.ofVirtual().name("bootstrap-dial").unstarted(() -> dial(t));
      dials.add(dial);
      dial.start();
    }
  }

  /**
   * A DNS-listed address names no peer. When that replica dialed us first, its address is known
   * only from what it told identify (its listen addresses): recognising it there keeps us from
   * dialing a peer we are already connected to, a second handshake on both sides and a duplicate
   * connection to close, at the moment a late replica connects to everyone. Called with the lock
   * held.
   */
  private void learnPeersOfUnknownTargets(Set<PeerId> connected) {
    Map<Multiaddr, Target> unknown = new HashMap<>();
    targets.values().stream().filter(t -> t.peer == null).forEach(t -> unknown.put(t.address, t));
    if (unknown.isEmpty()) {
      return;
    }
    for (PeerId peer : connected) {
      host.peerStore()
          .get(peer)
          .ifPresent(
              info ->
                  info.addresses()
                      .forEach(
                          a -> {
                            Target t = unknown.remove(a.withoutPeerId());
                            if (t != null) {
                              t.peer = peer;
                            }
                          }));
    }
  }

  /**
   * True while an inbound connection from a DNS-listed replica's IP (from another port: the
   * replica's outgoing one) is in its handshake or awaits identify, for at most {@link
   * #IDENTIFY_WAIT}: that is most likely the replica itself, and identify will say so ({@link
   * #learnPeersOfUnknownTargets}). When identify names other listen addresses, the connection no
   * longer counts and the replica is dialed. Called with the lock held.
   */
  private boolean probablyDialedUs(
      Target t, Collection<Connection> connections, Set<InetAddress> handshaking, Instant now) {
    Optional<InetAddress> ip = t.address.ip();
    boolean waiting =
        t.peer == null
            && !t.dnsNames.isEmpty()
            && ip.isPresent()
            && (handshaking.contains(ip.get())
                || connections.stream()
                    .anyMatch(
                        c ->
                            !c.outbound()
                                && ip.equals(c.remoteAddress().ip())
                                && !identified(c.remotePeer())));
    if (!waiting) {
      t.unidentifiedSince = null;
      return false;
    }
    if (t.unidentifiedSince == null) {
      t.unidentifiedSince = now;
    }
    return now.isBefore(t.unidentifiedSince.plus(IDENTIFY_WAIT));
  }

  private boolean identified(PeerId peer) {
    return host.peerStore().get(peer).map(p -> !p.protocols().isEmpty()).orElse(false);
  }

  /**
   * Marks as fronts the targets whose peer, identified, does not list the target's address. Called
   * with the lock held.
   */
  private void recogniseFronts() {
    for (Target t : targets.values()) {
      if (t.front || t.peer == null || t.address.peerId().isPresent()) {
        continue;
      }
      Optional<PeerInfo> info = host.peerStore().get(t.peer);
      if (info.isEmpty() || info.get().protocols().isEmpty()) {
        continue; // not identified yet
      }
      boolean listed =
          info.get().addresses().stream().anyMatch(a -> a.withoutPeerId().equals(t.address));
      if (!listed) {
        t.front = true;
        t.nextProbe = clock.instant().plus(t.probeDelay);
        log.atInfo()
            .addKeyValue("address", t.address)
            .addKeyValue("peer", t.peer)
            .log("address is a load-balanced front; dialing it again to find more replicas");
      }
    }
  }

  private void dial(Target t) {
    Exception failure = null;
    PeerId reached = null;
    Set<PeerId> before = new HashSet<>();
    host.connections().forEach(c -> before.add(c.remotePeer()));
    try {
      reached = host.connect(t.address).remotePeer();
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    lock.lock();
    try {
      t.dialing = false;
      dials.remove(Thread.currentThread());
      if (failure == null) {
        t.failures = 0;
        t.notBefore = Instant.MIN;
        boolean news = !before.contains(reached);
        if (t.front) {
          t.probeDelay = news ? FIRST_PROBE : min(t.probeDelay.multipliedBy(2), MAX_PROBE);
          t.nextProbe = clock.instant().plus(t.probeDelay);
        }
        t.peer = reached;
        (news ? log.atInfo() : log.atDebug())
            .addKeyValue("peer", reached)
            .addKeyValue("address", t.address)
            .log("bootstrap peer connected");
      } else {
        t.failures++;
        Duration wait = t.redial.delay(t.failures, random);
        // a replica still starting will dial us once it listens: our fast redials would race it
        t.notBefore = clock.instant().plus(t.second ? max(wait, DIAL_SECOND_WAIT) : wait);
        // A DNS-listed replica that is still starting fails every few seconds: not news.
        (t.pinned ? log.atInfo() : log.atDebug())
            .addKeyValue("address", t.address)
            .addKeyValue("failures", t.failures)
            .addKeyValue("retryAt", t.notBefore)
            .addKeyValue("error", failure.getMessage())
            .log("bootstrap dial failed");
      }
    } finally {
      lock.unlock();
    }
  }

  private void trimIfAboveHighWater() {
    List<Connection> connections = new ArrayList<>(host.connections());
    if (connections.size() <= config.highWater()) {
      return;
    }
    Set<PeerId> seen = new HashSet<>();
    List<Connection> trimmable =
        new ArrayList<>(
            connections.stream()
                .filter(c -> !isBootstrapPeer(c.remotePeer()))
                .filter(c -> seen.add(c.remotePeer()))
                .toList());
    Collections.shuffle(trimmable, random);
    int excess = connections.size() - config.lowWater();
    for (int i = 0; i < excess && i < trimmable.size(); i++) {
      Connection c = trimmable.get(i);
      log.atInfo().addKeyValue("peer", c.remotePeer()).log("closing connection above high water");
      c.close();
    }
  }

  @Override
  public void close() {
    List<Thread> running;
    lock.lock();
    try {
      closed = true;
      wake.signalAll();
      running = List.copyOf(dials);
    } finally {
      lock.unlock();
    }
    host.removeConnectionListener(disconnects);
    if (checker != null) {
      checker.interrupt();
    }
    running.forEach(Thread::interrupt);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) > 0 ? a : b;
  }
}
