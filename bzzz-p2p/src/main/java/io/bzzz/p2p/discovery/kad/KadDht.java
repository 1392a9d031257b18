package io.bzzz.p2p.discovery.kad;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.ConnectionListener;
import io.bzzz.p2p.Host;
import io.bzzz.p2p.PeerInfo;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.discovery.DiscoveredPeer;
import io.bzzz.p2p.discovery.DiscoveryListener;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kademlia peer routing in server mode, bound to a host: serves the kad protocol (so identify lists
 * it), keeps the routing table filled with peers whose identify lists it, and walks the keyspace (a
 * lookup of our own id, then of a random id) at start, whenever the table gains its first peer, and
 * periodically. Every peer a lookup learns of is reported to the listener. Owns the walk thread.
 *
 * <p>A due walk first waits for the table to settle ({@link KadConfig#settle()}): while peers keep
 * joining, another source is connecting them. The node also holds walks while a DNS list of
 * replicas is still being connected ({@link #holdWalksWhile}): in a 34-replica cluster on two
 * cores, walks made while the list's connections came in were about a quarter of the CPU the mesh
 * needed to form (docs/discovery.md).
 */
public final class KadDht implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KadDht.class);
  private static final Duration FIRST_WALK_DELAY = Duration.ofSeconds(1);
  private static final Duration HOLD_POLL = Duration.ofMillis(250);

  private final Host host;
  private final KadConfig config;
  private final DiscoveryListener listener;
  private final RandomGenerator random;
  private final RoutingTable table;
  private final KadClient client;
  private final ConnectionListener identifyWatcher;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean walkNow = true;
  private boolean closed;
  private long lastJoin = System.nanoTime(); // when the table last gained a peer (under lock)
  private final AtomicLong walksStarted = new AtomicLong();
  private volatile BooleanSupplier hold = () -> false;
  private Thread walker;

  private KadDht(
      Host host,
      KadConfig config,
      DiscoveryListener listener,
      RandomGenerator random,
      InstantSource clock) {
    this.host = host;
    this.config = config;
    this.listener = listener;
    this.random = random;
    this.table = new RoutingTable(host.peerId(), config.k(), clock);
    this.client = new KadClient(host, config.protocol(), config.queryTimeout());
    this.identifyWatcher =
        new ConnectionListener() {
          @Override
          public void identified(PeerId peer, PeerInfo info) {
            onIdentified(peer, info);
          }
        };
  }

  public static KadDht start(
      Host host,
      KadConfig config,
      DiscoveryListener listener,
      RandomGenerator random,
      InstantSource clock) {
    KadDht dht = new KadDht(host, config, listener, random, clock);
    host.setStreamHandler(config.protocol(), new KadServer(host, dht.table, config.protocol()));
    host.addConnectionListener(dht.identifyWatcher);
    for (Connection c : host.connections()) {
      host.peerStore()
          .get(c.remotePeer())
          .ifPresent(info -> dht.onIdentified(c.remotePeer(), info));
    }
    dht.walker = Thread.ofVirtual().name("kad-walk").start(dht::walkLoop);
    return dht;
  }

  public RoutingTable routingTable() {
    return table;
  }

  /**
   * An iterative lookup of {@code key}: returns the k closest peers that answered, closest first.
   */
  public List<PeerId> lookup(byte[] key) throws InterruptedException {
    KadLookup lookup =
        new KadLookup(
            host.peerId(),
            key,
            config.k(),
            config.alpha(),
            this::queryAndLearn,
            this::learned,
            this::failed);
    return lookup.run(table.closest(KadKey.of(key), config.k()));
  }

  /** The walks begun so far, by the walk thread or {@link #walk()}. */
  public long walksStarted() {
    return walksStarted.get();
  }

  /** Walks now: a lookup of our own id, then of a random one. */
  public void walk() throws InterruptedException {
    walksStarted.incrementAndGet();
    List<PeerId> near = lookup(host.peerId().bytes());
    List<PeerId> far = lookup(randomKey());
    log.atDebug()
        .addKeyValue("table", table.size())
        .addKeyValue("near", near.size())
        .addKeyValue("far", far.size())
        .log("kad walk done");
  }

  private List<KadPeer> queryAndLearn(PeerId peer, byte[] key) throws Exception {
    List<KadPeer> closer = client.findNode(peer, key);
    table.add(peer); // it answered on the kad protocol, so it is a server
    return closer;
  }

  private void learned(KadPeer peer) {
    if (peer.addresses().isEmpty() || peer.id().equals(host.peerId())) {
      return;
    }
    host.peerStore().addAddresses(peer.id(), peer.addresses());
    if (host.connection(peer.id()).isEmpty()) {
      listener.discovered(
          new DiscoveredPeer(peer.id(), peer.addresses(), DiscoveredPeer.Source.KAD));
    }
  }

  /**
   * A query failed. A peer we cannot even connect to leaves the table; one still connected stays (a
   * reset or a slow answer from a live peer is no reason to forget it).
   */
  private void failed(PeerId peer) {
    if (host.connection(peer).isEmpty() && table.remove(peer)) {
      log.atDebug().addKeyValue("peer", peer).log("unreachable kad peer removed");
    }
  }

  private void onIdentified(PeerId peer, PeerInfo info) {
    if (!info.supports(config.protocol())) {
      table.remove(peer);
      return;
    }
    boolean wasEmpty = table.size() == 0;
    if (table.add(peer)) {
      lock.lock();
      try {
        lastJoin = System.nanoTime();
        if (wasEmpty) {
          walkNow = true;
          wake.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Holds the walks while {@code hold} says so, as long as the table has not settled: a DNS name
   * that lists every replica makes a walk redundant until they are connected.
   */
  public void holdWalksWhile(BooleanSupplier hold) {
    this.hold = hold;
  }

  /**
   * Waits until no peer has joined the table for the settle time and nothing holds the walk, or
   * until the settle limit has passed; false when the DHT closed meanwhile.
   */
  private boolean awaitSettled() throws InterruptedException {
    long due = System.nanoTime();
    long settle = config.settle().toNanos();
    long limit = config.settleLimit().toNanos();
    while (true) {
      boolean held = hold.getAsBoolean(); // outside our lock: it may take another component's
      lock.lock();
      try {
        if (closed) {
          return false;
        }
        long now = System.nanoTime();
        long quietLeft = settle - (now - lastJoin);
        long limitLeft = limit - (now - due);
        if (limitLeft <= 0 || (quietLeft <= 0 && !held)) {
          return true;
        }
        wake.awaitNanos(Math.min(quietLeft > 0 ? quietLeft : HOLD_POLL.toNanos(), limitLeft));
      } finally {
        lock.unlock();
      }
    }
  }

  private void walkLoop() {
    Duration delay = FIRST_WALK_DELAY;
    int tableBefore = 0;
    while (true) {
      lock.lock();
      try {
        long nanos = delay.toNanos();
        while (!closed && !walkNow && nanos > 0) {
          nanos = wake.awaitNanos(nanos);
        }
        if (closed) {
          return;
        }
        walkNow = false;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      if (table.size() == 0) {
        continue;
      }
      try {
        if (!awaitSettled()) {
          return;
        }
        walk();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.atWarn().setCause(e).log("kad walk failed");
      }
      // While the table still grows (a cluster starting up) walk again soon; back off once a walk
      // finds nothing new, so a settled or partly dead network costs one walk per interval.
      int tableNow = table.size();
      delay =
          tableNow > tableBefore
              ? FIRST_WALK_DELAY
              : min(delay.multipliedBy(2), config.walkInterval());
      tableBefore = tableNow;
    }
  }

  /** A random sha2-256 multihash: a well-formed peer id that nobody has. */
  private byte[] randomKey() {
    byte[] key = new byte[34];
    key[0] = 0x12;
    key[1] = 0x20;
    for (int i = 2; i < key.length; i++) {
      key[i] = (byte) random.nextInt(256);
    }
    return key;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    host.removeConnectionListener(identifyWatcher);
    host.removeStreamHandler(config.protocol());
    if (walker != null) {
      walker.interrupt();
      try {
        walker.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
