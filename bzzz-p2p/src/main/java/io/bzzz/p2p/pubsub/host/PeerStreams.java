package io.bzzz.p2p.pubsub.host;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.Host;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.pubsub.router.GossipRouter;
import io.bzzz.p2p.pubsub.router.UnverifiedMessage;
import io.bzzz.p2p.pubsub.wire.MalformedRpcException;
import io.bzzz.p2p.pubsub.wire.Rpc;
import io.bzzz.p2p.pubsub.wire.RpcCodec;
import io.bzzz.p2p.pubsub.wire.RpcFrames;
import io.bzzz.p2p.pubsub.wire.RpcLimits;
import io.bzzz.wire.MalformedInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pubsub streams of every peer: our one outbound stream (through its {@link PeerWriter}) and
 * the peer's inbound stream we read RPCs from. Decodes outside the router lock and hands RPCs to
 * the router under it. Owns the writers and resets the inbound streams it reads when closed.
 */
final class PeerStreams {
  private static final Logger log = LoggerFactory.getLogger(GossipsubService.class);
  private static final int MAX_REOPEN = 3;

  private final Host host;
  private final GossipsubService.Options options;
  private final RpcCodec codec;
  private final ReentrantLock lock;
  private final Condition peerAdded;
  private final GossipRouter router;
  private final MessageVerifier verifier;
  private final BooleanSupplier closed;
  private final Map<PeerId, PeerWriter> writers = new ConcurrentHashMap<>();
  private final Set<PeerId> opening = ConcurrentHashMap.newKeySet();
  private final Map<PeerId, Integer> reopened = new ConcurrentHashMap<>();
  private final Map<PeerId, P2pStream> inbound = new ConcurrentHashMap<>();

  /**
   * {@code lock} guards {@code router}; {@code peerAdded} is signalled when a peer is added;
   * received messages go to {@code verifier} for their signature checks.
   */
  PeerStreams(
      Host host,
      GossipsubService.Options options,
      ReentrantLock lock,
      GossipRouter router,
      MessageVerifier verifier,
      BooleanSupplier closed) {
    this.host = host;
    this.options = options;
    this.codec = new RpcCodec(RpcLimits.defaults(options.params().maxMessageSize()));
    this.lock = lock;
    this.peerAdded = lock.newCondition();
    this.router = router;
    this.verifier = verifier;
    this.closed = closed;
  }

  /**
   * Queues {@code rpc} for {@code peer}; false when the peer looks stuck (its queue stayed full).
   * Peers without a writer yet are skipped: the router greets them when the stream opens.
   */
  boolean offer(PeerId peer, Rpc rpc) {
    PeerWriter writer = writers.get(peer);
    return writer == null || writer.offer(rpc);
  }

  /** Stops writing to {@code peer} (it is being disconnected). */
  void dropWriter(PeerId peer) {
    PeerWriter writer = writers.remove(peer);
    if (writer != null) {
      writer.close();
    }
  }

  /** The peer's last connection closed: drop its streams. Call with the lock held. */
  void peerGone(PeerId peer) {
    dropWriter(peer);
    reopened.remove(peer);
    P2pStream stream = inbound.remove(peer);
    if (stream != null) {
      stream.reset();
    }
  }

  /** Waits until every queued RPC was written, or {@code timeout} passed. */
  boolean flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!writers.values().stream().allMatch(PeerWriter::idle)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(5); // polling a handful of queues; nothing to signal on across writers
    }
    return true;
  }

  /** Closes every writer and resets every inbound stream; wakes readers waiting for a peer. */
  void closeAll() {
    lock.lock();
    try {
      writers.values().forEach(PeerWriter::close);
      writers.clear();
      peerAdded.signalAll();
    } finally {
      lock.unlock();
    }
    inbound.values().forEach(P2pStream::reset);
    inbound.clear();
  }

  /** Opens our outbound stream to {@code peer} (once identify listed meshsub). */
  void openOutbound(PeerId peer) {
    if (closed.getAsBoolean() || writers.containsKey(peer) || !opening.add(peer)) {
      return;
    }
    Thread.ofVirtual()
        .name("gossip-open-" + peer)
        .start(
            () -> {
              try {
                Optional<Connection> connection = host.connection(peer);
                if (connection.isEmpty()) {
                  return;
                }
                P2pStream stream = connection.get().newStream(GossipProtocols.SUPPORTED);
                PeerWriter writer =
                    new PeerWriter(
                        peer,
                        stream,
                        options.writeQueue(),
                        options.stuckAfter().toNanos(),
                        options.params().maxMessageSize());
                lock.lock();
                try {
                  if (closed.getAsBoolean() || host.connection(peer).isEmpty()) {
                    stream.reset();
                    return;
                  }
                  writers.put(peer, writer);
                  writer.start(() -> writerFailed(peer, writer));
                  router.addPeer(
                      peer,
                      connection.get().outbound(),
                      GossipProtocols.MESHSUB_V11.equals(stream.protocol()));
                  peerAdded.signalAll();
                } finally {
                  lock.unlock();
                }
                log.atDebug()
                    .addKeyValue("peer", peer)
                    .addKeyValue("protocol", stream.protocol())
                    .log("pubsub stream open");
              } catch (IOException | RuntimeException e) {
                log.atDebug()
                    .addKeyValue("peer", peer)
                    .setCause(e)
                    .log("cannot open pubsub stream");
              } finally {
                opening.remove(peer);
              }
            });
  }

  /**
   * Our stream broke. When a connection to the peer remains (e.g. the stream was on the loser of
   * two simultaneous dials), open a new stream on it, a few times at most.
   */
  private void writerFailed(PeerId peer, PeerWriter writer) {
    withLock(
        () -> {
          if (writers.remove(peer, writer)) {
            router.removePeer(peer);
          }
        });
    if (!closed.getAsBoolean()
        && host.connection(peer).map(Connection::isOpen).orElse(false)
        && reopened.merge(peer, 1, Integer::sum) <= MAX_REOPEN) {
      openOutbound(peer);
    }
  }

  /** Reads RPCs from a peer's inbound stream until it ends; never writes on it. */
  void readInbound(P2pStream stream) throws IOException {
    PeerId peer = stream.remotePeer();
    P2pStream previous = inbound.put(peer, stream);
    if (previous != null) {
      previous.reset(); // a new inbound stream replaces the old one
    }
    try {
      InputStream in = new BufferedInputStream(stream.in(), 64 * 1024);
      int max = options.params().maxMessageSize();
      while (!closed.getAsBoolean()) {
        Optional<byte[]> frame;
        try {
          frame = RpcFrames.read(in, max);
        } catch (MalformedRpcException e) {
          withLock(() -> router.malformedRpc(peer, e.getMessage()));
          stream.reset(); // an oversized frame: we cannot find the next frame boundary
          return;
        }
        if (frame.isEmpty()) {
          return;
        }
        if (frame.get().length == 0) {
          continue;
        }
        Rpc rpc;
        try {
          rpc = codec.decode(frame.get());
        } catch (MalformedInputException e) {
          withLock(() -> router.malformedRpc(peer, e.getMessage()));
          continue;
        }
        handle(peer, rpc);
      }
    } finally {
      inbound.remove(peer, stream);
    }
  }

  /** Hands the RPC to the router, and its new messages to the verifier (without the lock). */
  private void handle(PeerId peer, Rpc rpc) throws InterruptedIOException {
    List<UnverifiedMessage> toCheck;
    lock.lock();
    try {
      long deadline = System.nanoTime() + options.identifyWait().toNanos();
      while (!router.hasPeer(peer)) {
        long left = deadline - System.nanoTime();
        if (closed.getAsBoolean() || left <= 0) {
          log.atDebug().addKeyValue("peer", peer).log("RPC from a peer without pubsub stream");
          return;
        }
        peerAdded.awaitNanos(left);
      }
      toCheck = router.receive(peer, rpc);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handling an RPC");
    } finally {
      lock.unlock();
    }
    try {
      verifier.submit(toCheck);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while queueing messages to verify");
    }
  }

  private void withLock(Runnable action) {
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
    }
  }
}
