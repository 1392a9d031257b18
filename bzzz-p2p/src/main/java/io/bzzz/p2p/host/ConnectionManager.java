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
 * peer id, so they agree without talking. Of two dialled by the same side both ends keep the one
 * they had (a second dial of a load-balanced address must not replace a working connection, and
 * switching would break the streams on it); only the dialer closes the new one. When a peer's
 * connection closes while another open one exists, that one takes its place, so a peer still
 * connected is never reported gone. Also counts connection slots (open plus handshaking) against
 * the limit.
 */
final class ConnectionManager {
  /**
   * The outcome of registering a new connection: the peer's connection now, the one to close (if
   * this side is the one to close it), and whether the peer's connection changed.
   */
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
      boolean sameDialer = dialer(connection).equals(dialer(existing));
      boolean weClose = !sameDialer || connection.outbound();
      if (prefer(connection, existing)) {
        current.put(connection.remotePeer(), connection);
        return new Registration(
            connection, weClose ? Optional.of(existing) : Optional.empty(), true);
      }
      return new Registration(
          existing, weClose ? Optional.of(connection) : Optional.empty(), false);
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
    // Same dialer: both keep the connection they have; the dialer closes the new one, and if the
    // dialer had given up on the old one its close reaches us and the new one takes its place.
    return false;
  }

  private PeerId dialer(HostConnection c) {
    return c.outbound() ? self : c.remotePeer();
  }

  /**
   * Forgets a closed connection. When it was its peer's connection and another open one to the peer
   * exists, that one takes its place. True when the peer has no connection left.
   */
  boolean remove(HostConnection connection) {
    lock.lock();
    try {
      all.remove(connection);
      PeerId peer = connection.remotePeer();
      if (!current.remove(peer, connection)) {
        return false;
      }
      for (HostConnection other : all) {
        if (other.remotePeer().equals(peer) && other.isOpen()) {
          current.put(peer, other);
          return false;
        }
      }
      return true;
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
