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
import java.util.function.Consumer;
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
 */
public final class DnsReplicaSource implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnsReplicaSource.class);

  /** The re-resolve interval while the answer is missing or still changing. */
  public static final Duration FAST_INTERVAL = Duration.ofSeconds(1);

  /** Unchanged answers after which the name is asked at the normal interval again. */
  static final int SETTLE_ROUNDS = 3;

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
  private final Consumer<List<Multiaddr>> sink;
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
      Consumer<List<Multiaddr>> sink,
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
      Consumer<List<Multiaddr>> sink,
      Duration interval) {
    return start(name, port, resolver, ownAddresses, sink, interval, FAST_INTERVAL);
  }

  /** As above, with the interval used while the answer is missing or changing (tests). */
  static DnsReplicaSource start(
      String name,
      int port,
      Resolver resolver,
      Supplier<Set<InetAddress>> ownAddresses,
      Consumer<List<Multiaddr>> sink,
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
    return records.stream()
        .filter(ip -> !own.contains(ip))
        .distinct()
        .map(ip -> Multiaddr.tcp(new InetSocketAddress(ip, port)))
        .toList();
  }

  private void loop() {
    Set<Multiaddr> previous = null; // the loop thread's own; null before the first answer
    int unsettled = SETTLE_ROUNDS; // lookups left at the fast interval
    while (true) {
      try {
        List<InetAddress> records = resolver.resolve(name);
        List<Multiaddr> replicas = replicas(records);
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
        sink.accept(replicas);
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
