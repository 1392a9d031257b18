package io.bzzz.p2p.node;

import io.bzzz.p2p.Host;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.discovery.DiscoveredPeer;
import io.bzzz.p2p.discovery.DiscoveryListener;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dials peers that discovery found (js-libp2p >= 2 does not dial mDNS finds itself, so both sides
 * must): records their addresses in the peer store and connects unless already connected, already
 * dialing, or at the connection high-water mark. The host's own dial backoff keeps a dead peer that
 * keeps being announced from being hammered. Owns its dial threads.
 */
final class DiscoveryDialer implements DiscoveryListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DiscoveryDialer.class);

  private final Host host;
  private final int highWater;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<PeerId> dialing = new HashSet<>();
  private final Set<Thread> threads = new HashSet<>();
  private boolean closed;

  DiscoveryDialer(Host host, int highWater) {
    this.host = host;
    this.highWater = highWater;
  }

  @Override
  public void discovered(DiscoveredPeer found) {
    PeerId peer = found.peer();
    if (peer.equals(host.peerId())) {
      return;
    }
    host.peerStore().addAddresses(peer, found.addresses());
    if (host.connection(peer).isPresent() || host.connections().size() >= highWater) {
      return;
    }
    lock.lock();
    try {
      if (closed || !dialing.add(peer)) {
        return;
      }
      Thread t = Thread.ofVirtual().name("discovery-dial").unstarted(() -> dial(found));
      threads.add(t);
      t.start();
    } finally {
      lock.unlock();
    }
  }

  private void dial(DiscoveredPeer found) {
    try {
      host.connect(found.peer());
      log.atInfo()
          .addKeyValue("peer", found.peer())
          .addKeyValue("source", found.source())
          .log("connected to discovered peer");
    } catch (IOException | RuntimeException e) {
      log.atDebug()
          .addKeyValue("peer", found.peer())
          .addKeyValue("source", found.source())
          .addKeyValue("error", e.getMessage())
          .log("dial of discovered peer failed");
    } finally {
      lock.lock();
      try {
        dialing.remove(found.peer());
        threads.remove(Thread.currentThread());
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void close() {
    List<Thread> running;
    lock.lock();
    try {
      closed = true;
      running = List.copyOf(threads);
    } finally {
      lock.unlock();
    }
    running.forEach(Thread::interrupt);
  }
}
