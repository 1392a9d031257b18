package io.bzzz.p2p.host;

import io.bzzz.p2p.crypto.PeerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which connections exist and which one is a peer's: at most one per peer in steady state. When two
 * connections to one peer meet (simultaneous dials), both ends keep the one dialled by the smaller
 * peer id, so they agree without talking; of two dialled by the same side the newer wins. Also
 * counts connection slots (open plus handshaking) against the limit.
 */
final class ConnectionManager {
  /** The outcome of registering a new connection. */
  record Registration(HostConnection winner, Optional<HostConnection> loser, boolean newWinner) {}

  private final PeerId self;
  private final int maxConnections;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<PeerId, HostConnection> current = new HashMap<>();
  private final Set<HostConnection> all = new HashSet<>();
  private int handshaking;

  ConnectionManager(PeerId self, int maxConnections) {
    this.self = self;
    this.maxConnections = maxConnections;
  }

  /** Reserves a slot for a connection being set up; false when the limit is reached. */
  boolean tryReserve() {
    lock.lock();
    try {
      if (all.size() + handshaking >= maxConnections) {
        return false;
      }
      handshaking++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Gives back a slot whose handshake failed. */
  void release() {
    lock.lock();
    try {
      handshaking--;
    } finally {
      lock.unlock();
    }
  }

  /** Turns a reserved slot into a registered connection and picks the peer's connection. */
  Registration register(HostConnection connection) {
    lock.lock();
    try {
      handshaking--;
      all.add(connection);
      HostConnection existing = current.get(connection.remotePeer());
      if (existing == null || !existing.isOpen()) {
        current.put(connection.remotePeer(), connection);
        return new Registration(connection, Optional.ofNullable(existing), true);
      }
      if (prefer(connection, existing)) {
        current.put(connection.remotePeer(), connection);
        return new Registration(connection, Optional.of(existing), true);
      }
      return new Registration(existing, Optional.of(connection), false);
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code candidate} should replace {@code existing} as the peer's connection. */
  private boolean prefer(HostConnection candidate, HostConnection existing) {
    PeerId smaller = self.compareTo(candidate.remotePeer()) < 0 ? self : candidate.remotePeer();
    boolean candidateBySmaller = dialer(candidate).equals(smaller);
    boolean existingBySmaller = dialer(existing).equals(smaller);
    if (candidateBySmaller != existingBySmaller) {
      return candidateBySmaller;
    }
    return true; // same dialer: the newer one replaces a connection its dialer gave up on
  }

  private PeerId dialer(HostConnection c) {
    return c.outbound() ? self : c.remotePeer();
  }

  /** Forgets a closed connection; true when it was its peer's connection. */
  boolean remove(HostConnection connection) {
    lock.lock();
    try {
      all.remove(connection);
      return current.remove(connection.remotePeer(), connection);
    } finally {
      lock.unlock();
    }
  }

  Optional<HostConnection> get(PeerId peer) {
    lock.lock();
    try {
      return Optional.ofNullable(current.get(peer)).filter(HostConnection::isOpen);
    } finally {
      lock.unlock();
    }
  }

  List<HostConnection> connections() {
    lock.lock();
    try {
      return List.copyOf(current.values());
    } finally {
      lock.unlock();
    }
  }

  List<HostConnection> allConnections() {
    lock.lock();
    try {
      return new ArrayList<>(all);
    } finally {
      lock.unlock();
    }
  }

  List<HostConnection> idleSince(Instant cutoff) {
    return connections().stream().filter(c -> c.idleSince(cutoff)).toList();
  }
}
