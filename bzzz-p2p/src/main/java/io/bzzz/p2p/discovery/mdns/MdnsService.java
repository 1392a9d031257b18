package io.bzzz.p2p.discovery.mdns;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.discovery.DiscoveredPeer;
import io.bzzz.p2p.discovery.DiscoveryListener;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libp2p mDNS discovery: queries {@code _p2p._udp.local} (at start, then backing off to the query
 * interval), announces itself at start, answers every query, and reports the peers other responses
 * announce. Owns its sockets and threads: one receiver per address family and one sender that paces
 * queries and responses.
 */
public final class MdnsService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MdnsService.class);
  private static final Duration FIRST_REQUERY = Duration.ofSeconds(1);
  private static final int MAX_SIGHTED = 4096;

  private final MdnsConfig config;
  private final PeerId self;
  private final Supplier<List<Multiaddr>> addresses;
  private final DiscoveryListener listener;
  private final InstantSource clock;
  private final List<MulticastEndpoint> endpoints;
  private final List<Thread> threads = new ArrayList<>();
  private final Set<PeerId> sighted = ConcurrentHashMap.newKeySet();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean responseWanted = true; // announce once at start
  private Instant lastResponse = Instant.MIN;
  private boolean closed;

  private MdnsService(
      MdnsConfig config,
      PeerId self,
      Supplier<List<Multiaddr>> addresses,
      DiscoveryListener listener,
      InstantSource clock,
      List<MulticastEndpoint> endpoints) {
    this.config = config;
    this.self = self;
    this.addresses = addresses;
    this.listener = listener;
    this.clock = clock;
    this.endpoints = endpoints;
  }

  /**
   * Opens the sockets and starts the threads.
   *
   * @param addresses our routable addresses (without {@code /p2p/}), read at each response
   * @throws IOException when no interface could join the mDNS group
   */
  public static MdnsService start(
      MdnsConfig config,
      PeerId self,
      Supplier<List<Multiaddr>> addresses,
      DiscoveryListener listener,
      InstantSource clock)
      throws IOException {
    List<NetworkInterface> interfaces = config.interfaces().orElseGet(MulticastInterfaces::all);
    List<MulticastEndpoint> endpoints = new ArrayList<>();
    try {
      MulticastEndpoint.open(StandardProtocolFamily.INET, config.port(), interfaces)
          .ifPresent(endpoints::add);
      if (config.ipv6()) {
        try {
          MulticastEndpoint.open(StandardProtocolFamily.INET6, config.port(), interfaces)
              .ifPresent(endpoints::add);
        } catch (IOException | UnsupportedOperationException e) {
          log.atInfo().addKeyValue("error", e.getMessage()).log("mDNS over IPv6 unavailable");
        }
      }
    } catch (IOException | RuntimeException e) {
      closeAll(endpoints);
      throw e;
    }
    if (endpoints.isEmpty()) {
      throw new IOException(
          "mDNS: no multicast-capable interface could join the group (interfaces: "
              + interfaces.stream().map(NetworkInterface::getName).toList()
              + ")");
    }
    MdnsService service = new MdnsService(config, self, addresses, listener, clock, endpoints);
    service.startThreads();
    return service;
  }

  private void startThreads() {
    for (MulticastEndpoint endpoint : endpoints) {
      threads.add(Thread.ofVirtual().name("mdns-receive").start(() -> receiveLoop(endpoint)));
      log.atInfo()
          .addKeyValue(
              "interfaces", endpoint.interfaces().stream().map(NetworkInterface::getName).toList())
          .addKeyValue("peerName", config.peerName())
          .log("mDNS started");
    }
    threads.add(Thread.ofVirtual().name("mdns-send").start(this::sendLoop));
  }

  public String peerName() {
    return config.peerName();
  }

  private void receiveLoop(MulticastEndpoint endpoint) {
    ByteBuffer buffer = ByteBuffer.allocate(DnsCodec.MAX_MESSAGE + 1);
    while (endpoint.isOpen()) {
      buffer.clear();
      SocketAddress from;
      try {
        from = endpoint.receive(buffer);
      } catch (IOException e) {
        if (endpoint.isOpen()) {
          log.atWarn().addKeyValue("error", e.getMessage()).log("mDNS receive failed");
        }
        return;
      }
      try {
        handle(DnsCodec.decode(buffer.array(), buffer.position()));
      } catch (MalformedInputException e) {
        log.atDebug()
            .addKeyValue("from", from)
            .addKeyValue("error", e.getMessage())
            .log("ignoring malformed mDNS packet");
      } catch (RuntimeException e) {
        log.atWarn().setCause(e).addKeyValue("from", from).log("mDNS packet handling failed");
      }
    }
  }

  private void handle(DnsMessage message) {
    if (MdnsRecords.asksFor(message, config.service())) {
      lock.lock();
      try {
        responseWanted = true;
        wake.signalAll();
      } finally {
        lock.unlock();
      }
      return;
    }
    for (DiscoveredPeer peer : MdnsRecords.peers(message, config.service(), config.peerName())) {
      if (!peer.peer().equals(self) && !peer.addresses().isEmpty()) {
        boolean first = firstSighting(peer.peer());
        (first ? log.atInfo() : log.atDebug())
            .addKeyValue("peer", peer.peer())
            .addKeyValue("addresses", peer.addresses())
            .log("mDNS found peer");
        listener.discovered(peer);
      }
    }
  }

  /** True the first time a peer is seen (bounded memory: forgets everyone past 4096 peers). */
  private boolean firstSighting(PeerId peer) {
    if (sighted.size() >= MAX_SIGHTED) {
      sighted.clear();
    }
    return sighted.add(peer);
  }

  /** Paces our traffic: queries on a backing-off schedule, responses at most once a limit. */
  private void sendLoop() {
    Instant nextQuery = clock.instant();
    Duration queryDelay = FIRST_REQUERY;
    while (true) {
      boolean sendQuery = false;
      boolean sendResponse = false;
      lock.lock();
      try {
        if (closed) {
          return;
        }
        Instant now = clock.instant();
        Instant responseAllowed = plus(lastResponse, config.minResponseInterval());
        if (responseWanted && !now.isBefore(responseAllowed)) {
          responseWanted = false;
          lastResponse = now;
          sendResponse = true;
        }
        if (!now.isBefore(nextQuery)) {
          sendQuery = true;
          nextQuery = now.plus(queryDelay);
          queryDelay = min(queryDelay.multipliedBy(2), config.queryInterval());
        }
        if (!sendQuery && !sendResponse) {
          Instant until = responseWanted ? min(nextQuery, responseAllowed) : nextQuery;
          long waitNanos = Math.max(1, Duration.between(now, until).toNanos());
          wake.await(waitNanos, TimeUnit.NANOSECONDS);
          continue;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      if (sendResponse) {
        sendResponse();
      }
      if (sendQuery) {
        broadcast(DnsCodec.encode(MdnsRecords.query(config.service())));
      }
    }
  }

  private void sendResponse() {
    List<Multiaddr> ours = addresses.get();
    if (ours.isEmpty()) {
      return;
    }
    broadcast(
        DnsCodec.encode(MdnsRecords.response(config.service(), config.peerName(), self, ours)));
  }

  private void broadcast(byte[] message) {
    for (MulticastEndpoint endpoint : endpoints) {
      endpoint.send(message);
    }
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
    closeAll(endpoints);
    for (Thread thread : threads) {
      try {
        thread.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void closeAll(List<MulticastEndpoint> endpoints) {
    for (MulticastEndpoint endpoint : endpoints) {
      try {
        endpoint.close();
      } catch (IOException e) {
        log.atDebug().addKeyValue("error", e.getMessage()).log("closing mDNS socket failed");
      }
    }
  }

  private static Instant plus(Instant t, Duration d) {
    return t.equals(Instant.MIN) ? Instant.MIN : t.plus(d);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
