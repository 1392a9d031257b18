package io.bzzz.p2p.discovery.bootstrap;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.ConnectionListener;
import io.bzzz.p2p.Host;
import io.bzzz.p2p.PeerInfo;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.discovery.RoutableAddresses;
import io.bzzz.p2p.files.IoReason;
import io.bzzz.p2p.files.OwnerOnly;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peers this node has been connected to, kept in a file of the data directory ({@code D/peers},
 * the JSON of {@link PeerListJson}) so that a restarted node redials them even when its bootstrap
 * sources are gone. Peers enter on a connection: their identify-reported addresses, or the address
 * we dialed. The file is bounded ({@link #MAX_PEERS} most recently seen, entries older than {@link
 * #MAX_AGE} dropped), written 0600 through a temporary file and a rename so that a crash never
 * leaves half a file, and a file that cannot be read is logged and ignored. Owns its writer thread;
 * {@link #close} writes a last time.
 */
public final class PeerCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeerCache.class);

  public static final int MAX_PEERS = 256;
  public static final int MAX_ADDRESSES = 16;
  public static final Duration MAX_AGE = Duration.ofDays(7);
  static final int MAX_FILE = 1 << 20;

  private final Path file;
  private final PeerId self;
  private final InstantSource clock;
  private final Duration saveInterval;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Map<PeerId, KnownPeer> peers = new LinkedHashMap<>();
  private final ConnectionListener listener;
  private final Host host;
  private boolean dirty;
  private boolean closed;
  private Thread writer;

  private PeerCache(Path file, Host host, InstantSource clock, Duration saveInterval) {
    this.file = file;
    this.host = host;
    this.self = host.peerId();
    this.clock = clock;
    this.saveInterval = saveInterval;
    this.listener =
        new ConnectionListener() {
          @Override
          public void connected(Connection c) {
            seen(c.remotePeer(), c.outbound() ? List.of(c.remoteAddress()) : List.of());
          }

          @Override
          public void identified(PeerId peer, PeerInfo info) {
            seen(peer, info.addresses());
          }
        };
  }

  /** Loads {@code file} (absent or unreadable: an empty cache) and starts recording. */
  public static PeerCache start(Path file, Host host, InstantSource clock, Duration saveInterval) {
    PeerCache cache = new PeerCache(file, host, clock, saveInterval);
    for (KnownPeer p : load(file, clock.instant())) {
      if (!p.id().equals(cache.self)) {
        cache.peers.put(p.id(), p);
      }
    }
    host.addConnectionListener(cache.listener);
    cache.writer = Thread.ofVirtual().name("peer-cache").start(cache::writeLoop);
    return cache;
  }

  /** The cached peers' addresses, most recently seen first. */
  public List<Multiaddr> addresses() {
    lock.lock();
    try {
      return newestFirst().stream().flatMap(p -> p.addresses().stream()).toList();
    } finally {
      lock.unlock();
    }
  }

  /** The peers in the cache now, most recently seen first. */
  public List<KnownPeer> peers() {
    lock.lock();
    try {
      return newestFirst();
    } finally {
      lock.unlock();
    }
  }

  /**
   * What the file holds: peers seen within {@link #MAX_AGE} of {@code now}, with their dialable
   * addresses; empty (and a warning) when it cannot be read or is not a peer list.
   */
  static List<KnownPeer> load(Path file, Instant now) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE) {
        warnIgnored(file, "larger than " + MAX_FILE + " bytes");
        return List.of();
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      warnIgnored(file, IoReason.of(e));
      return List.of();
    }
    try {
      return PeerListJson.decode(bytes).stream()
          .filter(p -> p.lastSeen().map(t -> t.isAfter(now.minus(MAX_AGE))).orElse(false))
          .map(PeerCache::dialable)
          .filter(p -> !p.addresses().isEmpty())
          .limit(MAX_PEERS)
          .toList();
    } catch (MalformedInputException e) {
      warnIgnored(file, e.getMessage());
      return List.of();
    }
  }

  private static void warnIgnored(Path file, String reason) {
    log.atWarn()
        .addKeyValue("file", file)
        .addKeyValue("error", reason)
        .log("ignoring the peer cache: it cannot be read; it is rewritten from new connections");
  }

  private static KnownPeer dialable(KnownPeer p) {
    List<Multiaddr> ok =
        p.addresses().stream().filter(RoutableAddresses::dialable).limit(MAX_ADDRESSES).toList();
    return new KnownPeer(p.id(), ok, p.name(), p.lastSeen());
  }

  private void seen(PeerId peer, List<Multiaddr> learnt) {
    if (peer.equals(self)) {
      return;
    }
    lock.lock();
    try {
      KnownPeer old = peers.get(peer);
      Set<Multiaddr> addresses = new LinkedHashSet<>();
      for (Multiaddr a : learnt) {
        if (RoutableAddresses.dialable(a) && a.peerId().map(peer::equals).orElse(true)) {
          addresses.add(a.peerId().isPresent() ? a : a.withPeerId(peer));
        }
      }
      if (old != null) {
        addresses.addAll(old.addresses());
      }
      if (addresses.isEmpty()) {
        return; // an inbound connection before identify: nothing we could dial yet
      }
      List<Multiaddr> kept =
          new ArrayList<>(addresses).subList(0, Math.min(MAX_ADDRESSES, addresses.size()));
      peers.put(
          peer,
          new KnownPeer(peer, kept, old == null ? "" : old.name(), Optional.of(clock.instant())));
      if (peers.size() > MAX_PEERS) {
        KnownPeer oldest = newestFirst().get(peers.size() - 1);
        peers.remove(oldest.id());
      }
      dirty = true;
    } finally {
      lock.unlock();
    }
  }

  private List<KnownPeer> newestFirst() {
    List<KnownPeer> list = new ArrayList<>(peers.values());
    list.sort(Comparator.comparing((KnownPeer p) -> p.lastSeen().orElse(Instant.MIN)).reversed());
    return list;
  }

  private void writeLoop() {
    while (true) {
      lock.lock();
      try {
        long nanos = saveInterval.toNanos();
        while (!closed && nanos > 0) {
          nanos = wake.awaitNanos(nanos);
        }
        if (closed) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      save();
    }
  }

  /** Writes the file when something changed since the last write. */
  public void save() {
    byte[] bytes;
    lock.lock();
    try {
      if (!dirty) {
        return;
      }
      bytes = PeerListJson.encode(newestFirst());
      dirty = false;
    } finally {
      lock.unlock();
    }
    try {
      write(file, bytes);
    } catch (IOException e) {
      log.atWarn()
          .addKeyValue("file", file)
          .addKeyValue("error", IoReason.of(e))
          .log("cannot write the peer cache");
    }
  }

  /** A temporary file created 0600 in the same directory, then renamed over the old one. */
  private static void write(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp =
        Files.getFileAttributeView(dir, PosixFileAttributeView.class) == null
            ? Files.createTempFile(dir, ".peers", ".tmp")
            : Files.createTempFile(
                dir, ".peers", ".tmp", PosixFilePermissions.asFileAttribute(OwnerOnly.FILE));
    try {
      // on disk before the rename, so that a crash leaves the old file or the new one
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public void close() {
    host.removeConnectionListener(listener);
    lock.lock();
    try {
      closed = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    if (writer != null) {
      try {
        writer.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    save();
  }
}
