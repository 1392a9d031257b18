package io.bzzz.p2p.host;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.ProtocolNotSupportedException;
import io.bzzz.p2p.StreamHandler;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.multistream.MultistreamSelect;
import io.bzzz.p2p.mux.MuxedSession;
import io.bzzz.p2p.mux.MuxedStream;
import io.bzzz.p2p.protocol.identify.IdentifyService;
import io.bzzz.p2p.protocol.ping.PingService;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upgraded connection: owns the muxer session (which owns the socket), the accept loop thread
 * and one virtual thread per inbound stream. Enforces the per-connection stream limit.
 */
final class HostConnection implements Connection {
  private static final Logger log = LoggerFactory.getLogger(HostConnection.class);

  /** Protocols that do not keep a connection from being idle. */
  private static final Set<String> HOUSEKEEPING =
      Set.of(IdentifyService.PROTOCOL, IdentifyService.PUSH_PROTOCOL, PingService.PROTOCOL);

  private final MuxedSession session;
  private final PeerId remotePeer;
  private final Multiaddr remoteAddress;
  private final Multiaddr localAddress;
  private final boolean outbound;
  private final ConnectionOwner owner;
  private final int maxStreams;
  private final Duration negotiationTimeout;
  private final InstantSource clock;
  private final Instant openedAt;
  private final AtomicInteger inboundStreams = new AtomicInteger();
  private final AtomicInteger outboundStreams = new AtomicInteger();
  private final AtomicInteger applicationStreams = new AtomicInteger();
  private final AtomicReference<Instant> lastActivity;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean floodReported = new AtomicBoolean();
  private final CountDownLatch firstIdentify = new CountDownLatch(1);

  HostConnection(
      MuxedSession session,
      PeerId remotePeer,
      Multiaddr remoteAddress,
      Multiaddr localAddress,
      boolean outbound,
      ConnectionOwner owner,
      int maxStreams,
      Duration negotiationTimeout,
      InstantSource clock) {
    this.session = session;
    this.remotePeer = remotePeer;
    this.remoteAddress = remoteAddress;
    this.localAddress = localAddress;
    this.outbound = outbound;
    this.owner = owner;
    this.maxStreams = maxStreams;
    this.negotiationTimeout = negotiationTimeout;
    this.clock = clock;
    this.openedAt = clock.instant();
    this.lastActivity = new AtomicReference<>(openedAt);
  }

  /** Starts serving inbound streams; call once the host has registered the connection. */
  void startAccepting() {
    owner.threads().start("accept " + remotePeer, this::acceptLoop);
  }

  @Override
  public PeerId remotePeer() {
    return remotePeer;
  }

  @Override
  public Multiaddr remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Multiaddr localAddress() {
    return localAddress;
  }

  @Override
  public boolean outbound() {
    return outbound;
  }

  Instant openedAt() {
    return openedAt;
  }

  /** The muxer session, for tests that play a peer breaking the rules above the muxer. */
  MuxedSession session() {
    return session;
  }

  @Override
  public P2pStream newStream(List<String> protocols) throws IOException {
    if (!isOpen()) {
      throw new IOException("connection to " + remotePeer + " is closed");
    }
    if (outboundStreams.incrementAndGet() > maxStreams) {
      outboundStreams.decrementAndGet();
      throw new IOException(
          "stream limit of " + maxStreams + " reached on the connection to " + remotePeer);
    }
    MuxedStream muxed;
    try {
      muxed = session.openStream();
    } catch (IOException | RuntimeException e) {
      outboundStreams.decrementAndGet();
      throw e;
    }
    String protocol;
    try {
      protocol =
          withDeadline(muxed, () -> MultistreamSelect.select(muxed.in(), muxed.out(), protocols));
    } catch (ProtocolNotSupportedException e) {
      closeQuietly(muxed);
      outboundStreams.decrementAndGet();
      throw e;
    } catch (IOException | RuntimeException e) {
      muxed.reset();
      outboundStreams.decrementAndGet();
      throw new IOException(
          "negotiating " + protocols + " with " + remotePeer + " failed: " + e.getMessage(), e);
    }
    streamStarted(protocol);
    return new HostStream(muxed, this, protocol, false);
  }

  private void acceptLoop() {
    try {
      while (true) {
        MuxedStream muxed = session.acceptStream();
        if (inboundStreams.incrementAndGet() > maxStreams) {
          inboundStreams.decrementAndGet();
          // one warning per connection: a flood must not flood the log as well
          (floodReported.getAndSet(true) ? log.atDebug() : log.atWarn())
              .addKeyValue("peer", remotePeer)
              .addKeyValue("limit", maxStreams)
              .log("inbound stream limit reached; resetting new stream");
          muxed.reset();
          continue;
        }
        owner.threads().start("stream " + remotePeer + " #" + muxed.id(), () -> serve(muxed));
      }
    } catch (EOFException e) {
      log.atDebug().addKeyValue("peer", remotePeer).log("session ended");
    } catch (IOException e) {
      log.atInfo()
          .addKeyValue("peer", remotePeer)
          .addKeyValue("reason", e.getMessage())
          .log("connection failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close();
    }
  }

  /** Negotiates an inbound stream and runs its handler on this (virtual) thread. */
  private void serve(MuxedStream muxed) {
    Optional<String> protocol;
    try {
      protocol =
          withDeadline(
              muxed,
              () ->
                  MultistreamSelect.handle(
                      muxed.in(), muxed.out(), p -> owner.handler(p).isPresent()));
    } catch (IOException | RuntimeException e) {
      log.atDebug()
          .addKeyValue("peer", remotePeer)
          .addKeyValue("reason", e.getMessage())
          .log("inbound stream negotiation failed");
      muxed.reset();
      inboundStreams.decrementAndGet();
      return;
    }
    Optional<StreamHandler> handler = protocol.flatMap(owner::handler);
    if (handler.isEmpty()) {
      closeQuietly(muxed);
      inboundStreams.decrementAndGet();
      return;
    }
    streamStarted(protocol.get());
    HostStream stream = new HostStream(muxed, this, protocol.get(), true);
    try {
      handler.get().handle(stream);
      stream.close();
    } catch (Exception e) {
      log.atDebug()
          .addKeyValue("peer", remotePeer)
          .addKeyValue("protocol", protocol.get())
          .addKeyValue("reason", String.valueOf(e.getMessage()))
          .log("stream handler failed; resetting stream");
      stream.reset();
    }
  }

  @FunctionalInterface
  private interface Negotiation<T> {
    T run() throws IOException;
  }

  /**
   * Runs a negotiation that must finish within the negotiation timeout; a guard thread resets the
   * stream when it does not, which unblocks the read (muxed streams have no read timeout).
   */
  private <T> T withDeadline(MuxedStream muxed, Negotiation<T> negotiation) throws IOException {
    AtomicBoolean expired = new AtomicBoolean();
    Thread guard =
        owner
            .threads()
            .start(
                "negotiation-deadline #" + muxed.id(),
                () -> {
                  try {
                    Thread.sleep(negotiationTimeout);
                    expired.set(true);
                    muxed.reset();
                  } catch (InterruptedException done) {
                    // negotiation finished in time
                  }
                });
    try {
      return negotiation.run();
    } catch (IOException e) {
      if (expired.get()) {
        throw new SocketTimeoutException(
            "protocol negotiation timed out after " + negotiationTimeout.toMillis() + " ms");
      }
      throw e;
    } finally {
      guard.interrupt();
    }
  }

  private void streamStarted(String protocol) {
    if (!HOUSEKEEPING.contains(protocol)) {
      applicationStreams.incrementAndGet();
      lastActivity.set(clock.instant());
    }
  }

  void streamEnded(String protocol, boolean inbound) {
    (inbound ? inboundStreams : outboundStreams).decrementAndGet();
    if (!HOUSEKEEPING.contains(protocol)) {
      applicationStreams.decrementAndGet();
      lastActivity.set(clock.instant());
    }
  }

  /** True when no application stream is open and none was for {@code idle}. */
  boolean idleSince(Instant cutoff) {
    return applicationStreams.get() == 0 && lastActivity.get().isBefore(cutoff);
  }

  int openStreams() {
    return inboundStreams.get() + outboundStreams.get();
  }

  @Override
  public boolean isOpen() {
    return !closed.get() && session.isOpen();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      session.close(true);
      owner.closed(this);
    }
  }

  private static void closeQuietly(MuxedStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      stream.reset();
    }
  }

  @Override
  public String toString() {
    return (outbound ? "to " : "from ") + remotePeer + " at " + remoteAddress;
  }

  /** Our first identify of the peer finished (answered or failed). */
  void firstIdentifyDone() {
    firstIdentify.countDown();
  }

  /**
   * Waits (bounded) for our first identify of the peer. A push the peer sent after answering that
   * identify may overtake the answer inside this process; applied first, it would be overwritten by
   * the older protocol list.
   */
  void awaitFirstIdentify(Duration limit) throws InterruptedException {
    if (!firstIdentify.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      log.atDebug().addKeyValue("peer", remotePeer).log("identify push applied before identify");
    }
  }
}
