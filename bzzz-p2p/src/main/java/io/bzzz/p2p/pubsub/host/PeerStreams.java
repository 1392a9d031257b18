package io.bzzz.p2p.pubsub.host;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.Host;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.crypto.PeerId;
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
  private final LockedRouter router;
  private final MessageVerifier verifier;
  private final BooleanSupplier closed;
  private final Map<PeerId, PeerWriter> writers = new ConcurrentHashMap<>();
  private final Set<PeerId> opening = ConcurrentHashMap.newKeySet();
  private final Map<PeerId, Integer> reopened = new ConcurrentHashMap<>();
  private final Map<PeerId, P2pStream> inbound = new ConcurrentHashMap<>();

  /** Received messages go to {@code verifier} for their signature checks. */
  PeerStreams(
      Host host,
      GossipsubService.Options options,
      LockedRouter router,
      MessageVerifier verifier,
      BooleanSupplier closed) {
    this.host = host;
    this.options = options;
    this.codec = new RpcCodec(RpcLimits.defaults(options.params().maxMessageSize()));
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

  /**
   * The peer's last connection closed: drop its streams. Called inside the router action that
   * removes the peer, so no RPC of the peer reaches the router in between.
   */
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
    router.runAndWake(
        r -> {
          writers.values().forEach(PeerWriter::close);
          writers.clear();
        });
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
                boolean added =
                    router.callAndWake(
                        r -> {
                          if (closed.getAsBoolean() || host.connection(peer).isEmpty()) {
                            return false;
                          }
                          writers.put(peer, writer);
                          writer.start(() -> writerFailed(peer, writer));
                          r.addPeer(
                              peer,
                              connection.get().outbound(),
                              GossipProtocols.MESHSUB_V11.equals(stream.protocol()));
                          return true;
                        });
                if (!added) {
                  stream.reset();
                  return;
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
    router.run(
        r -> {
          if (writers.remove(peer, writer)) {
            r.removePeer(peer);
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
          router.run(r -> r.malformedRpc(peer, e.getMessage()));
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
          router.run(r -> r.malformedRpc(peer, e.getMessage()));
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
    Optional<List<UnverifiedMessage>> toCheck;
    try {
      // identify may still be making the peer a pubsub peer: wait for our stream to it
      toCheck =
          router.callWhen(
              r -> r.hasPeer(peer), options.identifyWait(), closed, r -> r.receive(peer, rpc));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handling an RPC");
    }
    if (toCheck.isEmpty()) {
      log.atDebug().addKeyValue("peer", peer).log("RPC from a peer without pubsub stream");
      return;
    }
    try {
      verifier.submit(toCheck.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while queueing messages to verify");
    }
  }
}
