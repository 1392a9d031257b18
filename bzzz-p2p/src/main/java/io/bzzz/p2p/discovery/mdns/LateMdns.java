package io.bzzz.p2p.discovery.mdns;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.discovery.DiscoveryListener;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mDNS that a missing network does not stop: when no interface can join the group at start (link
 * down, no multicast-capable interface), the node starts without it after one warning and tries
 * again every {@link MdnsConfig#retry} (30 s by default) until an interface appears. Other
 * discovery sources (bootstrap, DNS, kad) do not wait for it. Owns the service, once started, and
 * the thread that retries.
 */
public final class LateMdns implements AutoCloseable {
  /** How often a node without mDNS tries to start it again, unless configured otherwise. */
  public static final Duration RETRY = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(LateMdns.class);

  /** Starts the service once; fails as {@link MdnsService#start} does. */
  @FunctionalInterface
  interface Starter {
    MdnsService start() throws IOException;
  }

  private final Starter starter;
  private final Duration retry;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private MdnsService service; // null until started
  private Thread retrier; // null unless the first start failed
  private boolean closed;

  private LateMdns(Starter starter, Duration retry) {
    this.starter = starter;
    this.retry = retry;
  }

  /**
   * As {@link MdnsService#start}, but never fails for want of a usable interface: tries again every
   * {@link MdnsConfig#retry}.
   */
  public static LateMdns start(
      MdnsConfig config,
      PeerId self,
      Supplier<List<Multiaddr>> addresses,
      DiscoveryListener listener,
      InstantSource clock) {
    return start(() -> MdnsService.start(config, self, addresses, listener, clock), config.retry());
  }

  static LateMdns start(Starter starter, Duration retry) {
    LateMdns mdns = new LateMdns(starter, retry);
    Optional<String> failure = mdns.tryStart();
    if (failure.isPresent()) {
      log.atWarn()
          .addKeyValue("error", failure.get())
          .addKeyValue("retry_s", retry.toSeconds())
          .log("mDNS unavailable; starting without it (other discovery goes on), will retry");
      mdns.lock.lock();
      try {
        mdns.retrier = Thread.ofVirtual().name("mdns-retry").start(mdns::retryLoop);
      } finally {
        mdns.lock.unlock();
      }
    }
    return mdns;
  }

  /** True once the service runs. */
  public boolean running() {
    lock.lock();
    try {
      return service != null;
    } finally {
      lock.unlock();
    }
  }

  /** Empty when the service started (or this was closed meanwhile), else why it did not. */
  private Optional<String> tryStart() {
    MdnsService started;
    try {
      started = starter.start();
    } catch (IOException | UncheckedIOException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
    lock.lock();
    try {
      if (!closed) {
        service = started;
        return Optional.empty();
      }
    } finally {
      lock.unlock();
    }
    started.close(); // closed while it was starting
    return Optional.empty();
  }

  private void retryLoop() {
    while (true) {
      lock.lock();
      try {
        long left = retry.toNanos();
        while (!closed && left > 0) {
          left = wake.awaitNanos(left);
        }
        if (closed) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      Optional<String> failure = tryStart();
      if (failure.isEmpty()) {
        if (running()) {
          log.atInfo().log("mDNS started after all: an interface can join the group now");
        }
        return;
      }
      log.atDebug().addKeyValue("error", failure.get()).log("mDNS still unavailable");
    }
  }

  @Override
  public void close() {
    MdnsService running;
    Thread thread;
    lock.lock();
    try {
      closed = true;
      wake.signalAll();
      running = service;
      thread = retrier;
    } finally {
      lock.unlock();
    }
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (running != null) {
      running.close();
    }
  }
}
