package io.bzzz.agent.runtime;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.ConnectionListener;
import io.bzzz.p2p.Host;
import io.bzzz.p2p.protocol.ping.PingService;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings every connected peer once per interval ({@code /ipfs/ping/1.0.0}, one round trip on a new
 * stream) and keeps the round-trip time in {@link LatencyMetrics}. A peer's series goes when its
 * last connection closes, when it does not answer within the timeout, and at the next round when it
 * is no longer connected, so the gauge has one series per live connection and no more.
 *
 * <p>Owns one scheduler thread and the virtual threads of the pings in flight; {@link #close} stops
 * both (interrupting pings still waiting) and leaves the connections to the host.
 */
final class PeerRtt implements ConnectionListener, AutoCloseable {
  static final Duration INTERVAL = Duration.ofSeconds(30);
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(PeerRtt.class);

  private final Host host;
  private final LatencyMetrics metrics;
  private final Duration interval;
  private final Duration timeout;
  private final RandomGenerator random;
  private final Set<String> measured = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("peer-rtt").factory());
  private final ExecutorService pings = Executors.newVirtualThreadPerTaskExecutor();

  PeerRtt(
      Host host,
      LatencyMetrics metrics,
      Duration interval,
      Duration timeout,
      RandomGenerator random) {
    this.host = host;
    this.metrics = metrics;
    this.interval = interval;
    this.timeout = timeout;
    this.random = random;
  }

  /** Starts the rounds: the first one interval from now, when connections have settled. */
  @SuppressWarnings("FutureReturnValueIgnored") // a round catches its own failures; close() ends it
  void start() {
    host.addConnectionListener(this);
    scheduler.scheduleWithFixedDelay(
        this::safeRound, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void safeRound() {
    try {
      round();
    } catch (RuntimeException e) { // a thrown round would silently cancel every later one
      log.atWarn().setCause(e).log("ping round failed");
    }
  }

  /** One round: every connected peer pinged in parallel, each within the timeout. */
  void round() {
    List<Connection> now = List.copyOf(host.connections());
    Set<String> connected =
        now.stream().map(c -> c.remotePeer().toString()).collect(Collectors.toSet());
    for (String peer : List.copyOf(measured)) {
      if (!connected.contains(peer)) {
        forget(peer);
      }
    }
    List<Future<?>> inFlight = new ArrayList<>();
    for (Connection c : now) {
      inFlight.add(pings.submit(() -> ping(c)));
    }
    for (Future<?> f : inFlight) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        log.atDebug().setCause(e.getCause()).log("ping round failed");
      }
    }
  }

  private void ping(Connection c) {
    String peer = c.remotePeer().toString();
    // the ping runs on its own thread so that closing the session (a stream reset) ends a wait
    // for an echo that never comes
    try (PingService.Session session = PingService.open(c, random)) {
      Future<Duration> rtt = pings.submit(session::ping);
      Duration d = rtt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (c.isOpen()) {
        measured.add(peer);
        metrics.pinged(peer, d);
      }
    } catch (IOException | ExecutionException | TimeoutException e) {
      log.atDebug().addKeyValue("peer", peer).log("no ping answer: " + e);
      forget(peer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) { // a stream refused by a closing connection, say
      log.atDebug().addKeyValue("peer", peer).log("ping failed: " + e);
      forget(peer);
    }
  }

  @Override
  public void disconnected(Connection connection) {
    if (host.connection(connection.remotePeer()).isEmpty()) {
      forget(connection.remotePeer().toString());
    }
  }

  private void forget(String peer) {
    measured.remove(peer);
    metrics.forget(peer);
  }

  @Override
  public void close() {
    host.removeConnectionListener(this);
    scheduler.shutdownNow();
    pings.shutdownNow();
    try {
      scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
      pings.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
