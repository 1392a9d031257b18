package io.bzzz.p2p.discovery.bootstrap;

import io.bzzz.p2p.multiformats.Multiaddr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS discovery of a service's replicas (DESIGN §2). In Docker Swarm the service name resolves to
 * one virtual IP that load-balances connections, which hides the replicas from each other; {@code
 * tasks.<service>} resolves to every replica's own address, as a Kubernetes headless Service's name
 * does. This source resolves such a name periodically and hands the current list of replicas (other
 * than ourselves) on as {@code /ip4/<ip>/tcp/<port>} or {@code /ip6/...}. A failed lookup hands
 * nothing on, so a DNS hiccup does not drop known replicas. For the first {@link #SETTLE_ROUNDS}
 * lookups, and again for {@link #SETTLE_ROUNDS} lookups after each changed answer (a service
 * scaling up, a rolling update), the name is asked again every {@link #FAST_INTERVAL} instead of
 * the interval: replicas that start together are listed one after the other, and each should be
 * seen soon. Owns its thread.
 *
 * <p>When our own address is among the records, each pair of replicas agrees without a word on
 * which of the two dials: the one with the lower address dials the other at once, the higher one
 * waits ({@link Sink}'s {@code dialSecond}). Replicas that start together otherwise dial each other
 * at the same moment, and a third of the handshakes of a 34-replica start were such duplicates.
 */
public final class DnsReplicaSource implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnsReplicaSource.class);

  /** The re-resolve interval while the answer is missing or still changing. */
  public static final Duration FAST_INTERVAL = Duration.ofSeconds(1);

  /** Unchanged answers after which the name is asked at the normal interval again. */
  static final int SETTLE_ROUNDS = 3;

  /** Where each answer goes. */
  @FunctionalInterface
  public interface Sink {
    /**
     * @param replicas every replica listed, ourselves excluded
     * @param dialSecond those of them with a lower address than ours: they dial us, we wait
     */
    void accept(List<Multiaddr> replicas, Set<Multiaddr> dialSecond);
  }

  /**
   * Name resolution; the default asks the system resolver (Swarm's embedded DNS, the cluster DNS
   * with its search domains), through the JVM's lookup cache (see {@link JvmDnsCache}).
   */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String name) throws UnknownHostException;

    static Resolver system() {
      return name -> Arrays.asList(InetAddress.getAllByName(name));
    }
  }

  private final String name;
  private final int port;
  private final Resolver resolver;
  private final Supplier<Set<InetAddress>> ownAddresses;
  private final Sink sink;
  private final Duration interval;
  private final Duration fastInterval;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stop = lock.newCondition();
  private boolean closed;
  private boolean failing; // the loop thread's own
  private Thread thread;

  private DnsReplicaSource(
      String name,
      int port,
      Resolver resolver,
      Supplier<Set<InetAddress>> ownAddresses,
      Sink sink,
      Duration interval,
      Duration fastInterval) {
    this.name = name;
    this.port = port;
    this.resolver = resolver;
    this.ownAddresses = ownAddresses;
    this.sink = sink;
    this.interval = interval;
    this.fastInterval = fastInterval.compareTo(interval) < 0 ? fastInterval : interval;
  }

  /**
   * Resolves {@code name} (as given, e.g. {@code tasks.<service>}) now and every {@code interval}.
   *
   * @param port the TCP port every replica listens on
   * @param ownAddresses our own IPs, so that we do not dial ourselves
   */
  public static DnsReplicaSource start(
      String name,
      int port,
      Resolver resolver,
      Supplier<Set<InetAddress>> ownAddresses,
      Sink sink,
      Duration interval) {
    return start(name, port, resolver, ownAddresses, sink, interval, FAST_INTERVAL);
  }

  /** As above, with the interval used while the answer is missing or changing (tests). */
  static DnsReplicaSource start(
      String name,
      int port,
      Resolver resolver,
      Supplier<Set<InetAddress>> ownAddresses,
      Sink sink,
      Duration interval,
      Duration fastInterval) {
    DnsReplicaSource source =
        new DnsReplicaSource(name, port, resolver, ownAddresses, sink, interval, fastInterval);
    source.thread = Thread.ofVirtual().name("dns-discovery").start(source::loop);
    return source;
  }

  /** One resolution: the replicas' addresses, ourselves excluded. */
  public List<Multiaddr> resolveOnce() throws UnknownHostException {
    return replicas(resolver.resolve(name));
  }

  private List<Multiaddr> replicas(List<InetAddress> records) {
    Set<InetAddress> own = ownAddresses.get();
    return records.stream().filter(ip -> !own.contains(ip)).distinct().map(this::address).toList();
  }

  private Multiaddr address(InetAddress ip) {
    return Multiaddr.tcp(new InetSocketAddress(ip, port));
  }

  /**
   * The listed replicas whose address is lower than our own listed one (the lowest, if several of
   * ours are listed); none when ours is not listed (behind a VIP, or a name for other services).
   */
  static Set<InetAddress> lowerThanOurs(List<InetAddress> records, Set<InetAddress> own) {
    return records.stream()
        .filter(own::contains)
        .min(DnsReplicaSource::compare)
        .map(
            me ->
                records.stream()
                    .filter(ip -> !own.contains(ip) && compare(ip, me) < 0)
                    .collect(java.util.stream.Collectors.toSet()))
        .orElse(Set.of());
  }

  /** IPv4 before IPv6, then byte by byte, unsigned. */
  private static int compare(InetAddress a, InetAddress b) {
    byte[] x = a.getAddress();
    byte[] y = b.getAddress();
    return x.length != y.length
        ? Integer.compare(x.length, y.length)
        : Arrays.compareUnsigned(x, y);
  }

  private void loop() {
    Set<Multiaddr> previous = null; // the loop thread's own; null before the first answer
    int unsettled = SETTLE_ROUNDS; // lookups left at the fast interval
    while (true) {
      try {
        List<InetAddress> records = resolver.resolve(name);
        List<Multiaddr> replicas = replicas(records);
        Set<Multiaddr> dialSecond =
            lowerThanOurs(records, ownAddresses.get()).stream()
                .map(this::address)
                .collect(java.util.stream.Collectors.toSet());
        // Info when the set changes (scaling, a rolling update), so an operator sees how many
        // replicas DNS lists; every unchanged answer at debug.
        Set<Multiaddr> now = Set.copyOf(replicas);
        (now.equals(previous) ? log.atDebug() : log.atInfo())
            .addKeyValue("name", name)
            .addKeyValue("records", records.size())
            .addKeyValue("replicas", replicas.size())
            .log("resolved");
        unsettled = now.equals(previous) ? unsettled - 1 : SETTLE_ROUNDS;
        previous = now;
        sink.accept(replicas, dialSecond);
        failing = false;
      } catch (UnknownHostException e) {
        // Warn once per outage: the name is asked again every few seconds.
        (failing ? log.atDebug() : log.atWarn())
            .addKeyValue("name", name)
            .addKeyValue("error", e.getMessage())
            .log("cannot resolve DNS discovery name");
        failing = true;
        unsettled--; // the first failures are retried fast too, a name that never resolves is not
      }
      boolean fast = unsettled > 0;
      lock.lock();
      try {
        long nanos = (fast ? fastInterval : interval).toNanos();
        while (!closed && nanos > 0) {
          nanos = stop.awaitNanos(nanos);
        }
        if (closed) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      stop.signalAll();
    } finally {
      lock.unlock();
    }
    if (thread != null) {
      thread.interrupt();
    }
  }
}
