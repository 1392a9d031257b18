package io.bzzz.p2p.mux.yamux;

import io.bzzz.p2p.mux.MuxedSession;
import io.bzzz.p2p.mux.MuxedStream;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A Yamux session ({@code /yamux/1.0.0}) over one secured connection: the stream table, the reader
 * that dispatches frames, stream open/accept with their limits, go-away and close.
 *
 * <p>Threads, all virtual and owned here, all ended by {@link #close}: the reader (the only thread
 * reading the connection), the control sender (ping replies and refusals, so the reader never
 * blocks on a write) and the timer (keep-alive and the write watchdog). There is no thread per
 * stream: data frames are written by the threads that call {@code write}.
 */
public final class YamuxSession implements MuxedSession {
  private static final Logger log = LoggerFactory.getLogger(YamuxSession.class);
  private static final int READ_BUFFER = 16 * 1024;

  private final InputStream in;
  private final Closeable transport;
  private final YamuxConfig config;
  private final InstantSource clock;
  private final String name;
  private final FrameWriter writer;
  private final ControlSender control;
  private final SessionTimer timer;
  private final StreamTable streams;

  /** Serializes opens so SYNs leave in stream id order. */
  private final ReentrantLock openLock = new ReentrantLock();

  /** Receive window auto-tuning may still add, shared by all streams. */
  private final AtomicLong windowGrowthLeft;

  /** Set once, by whatever closed the session; null while it is open. */
  private final AtomicReference<String> closeReason = new AtomicReference<>();

  private final ReentrantLock threadsLock = new ReentrantLock();
  private final List<Thread> threads = new ArrayList<>();
  private Optional<Thread> controlThread = Optional.empty();
  private boolean started;

  /**
   * @param in the connection's plaintext input (after Noise)
   * @param out the connection's plaintext output
   * @param transport closes the underlying connection
   * @param client true for the side that dialed the connection; it opens odd stream ids
   */
  public YamuxSession(
      InputStream in, OutputStream out, Closeable transport, boolean client, YamuxConfig config) {
    this(in, out, transport, client, config, InstantSource.system());
  }

  /** As above, with the clock used for RTT, auto-tuning and timeouts. */
  public YamuxSession(
      InputStream in,
      OutputStream out,
      Closeable transport,
      boolean client,
      YamuxConfig config,
      InstantSource clock) {
    this.in = new BufferedInputStream(in, READ_BUFFER);
    this.transport = transport;
    this.config = config;
    this.clock = clock;
    this.name =
        (client ? "client-" : "server-") + Integer.toHexString(System.identityHashCode(this));
    this.writer = new FrameWriter(out, clock);
    this.control =
        new ControlSender(
            writer,
            config.maxQueuedControlFrames(),
            e -> shutdown("write failed: " + e.getMessage(), Optional.empty(), Level.INFO));
    this.timer =
        new SessionTimer(
            config,
            clock,
            writer,
            control::offer,
            reason -> shutdown(reason, Optional.empty(), Level.WARN));
    this.windowGrowthLeft = new AtomicLong(config.windowGrowthBudget());
    this.streams = new StreamTable(config, client, toString(), id -> new YamuxStream(this, id));
  }

  /** Starts the reader, control sender and timer threads. Call once. */
  public void start() {
    threadsLock.lock();
    try {
      if (started) {
        throw new IllegalStateException("session already started");
      }
      started = true;
      if (!isOpen()) {
        return;
      }
      threads.add(Thread.ofVirtual().name("yamux-reader-" + name).start(this::readLoop));
      Thread sender = Thread.ofVirtual().name("yamux-control-" + name).start(control);
      controlThread = Optional.of(sender);
      threads.add(sender);
      threads.add(Thread.ofVirtual().name("yamux-timer-" + name).start(timer));
    } finally {
      threadsLock.unlock();
    }
  }

  @Override
  public MuxedStream openStream() throws IOException {
    openLock.lock();
    try {
      YamuxStream stream = streams.addOutbound();
      try {
        writer.write(YamuxFrame.windowUpdate(stream.id(), YamuxFrame.SYN, extraInitialWindow()));
      } catch (IOException e) {
        streamDone(stream);
        throw e;
      }
      return stream;
    } finally {
      openLock.unlock();
    }
  }

  @Override
  public MuxedStream acceptStream() throws IOException, InterruptedException {
    YamuxStream stream = streams.nextAccepted();
    writer.write(YamuxFrame.windowUpdate(stream.id(), YamuxFrame.ACK, extraInitialWindow()));
    return stream;
  }

  @Override
  public boolean isOpen() {
    return closeReason.get() == null;
  }

  /** The RTT measured by the latest keep-alive Ping, once one was answered. */
  public Optional<Duration> rtt() {
    return timer.rtt();
  }

  /** Why the session closed, once it has. */
  public Optional<String> closeReason() {
    return Optional.ofNullable(closeReason.get());
  }

  @Override
  public void close(boolean now) {
    if (now) {
      shutdown("closed locally", Optional.of(GoAwayCode.NORMAL), Level.DEBUG);
      return;
    }
    if (!isOpen() || !streams.claimGoAway(GoAwayCode.NORMAL)) {
      return;
    }
    try {
      writer.write(YamuxFrame.goAway(GoAwayCode.NORMAL));
    } catch (IOException e) {
      shutdown("go-away failed: " + e.getMessage(), Optional.empty(), Level.INFO);
      return;
    }
    if (streams.isEmpty()) {
      shutdown("closed locally after go-away", Optional.empty(), Level.DEBUG);
    }
  }

  @Override
  public String toString() {
    return "yamux session " + name;
  }

  // ---- used by streams ----

  YamuxConfig config() {
    return config;
  }

  FrameWriter writer() {
    return writer;
  }

  Instant now() {
    return clock.instant();
  }

  /** Queues a control frame; a peer that makes the queue overflow is disconnected. */
  void sendControl(YamuxFrame frame) {
    if (!control.offer(frame)) {
      shutdown(
          "control frame queue full: the peer sends faster than it reads",
          Optional.empty(),
          Level.WARN);
    }
  }

  /** Takes up to {@code wanted} bytes of window growth from the session's budget. */
  long takeWindowGrowth(long wanted) {
    while (true) {
      long left = windowGrowthLeft.get();
      long granted = Math.min(left, wanted);
      if (granted <= 0 || windowGrowthLeft.compareAndSet(left, left - granted)) {
        return Math.max(0, granted);
      }
    }
  }

  /** Gives back the growth of an ended stream. */
  void returnWindowGrowth(long growth) {
    if (growth > 0) {
      windowGrowthLeft.addAndGet(growth);
    }
  }

  /** Removes a finished or reset stream; ends a session that sent go-away once it is idle. */
  void streamDone(YamuxStream stream) {
    if (stream.markDone() && streams.remove(stream)) {
      shutdown("closed after go-away: all streams done", Optional.empty(), Level.DEBUG);
    }
  }

  /** Streams open in either direction (including those waiting for accept). */
  int openStreams() {
    return streams.size();
  }

  /** Window growth still available to auto-tuning. */
  long windowGrowthLeft() {
    return windowGrowthLeft.get();
  }

  /** The session's threads, for tests that check none outlives it. */
  List<Thread> threads() {
    threadsLock.lock();
    try {
      return List.copyOf(threads);
    } finally {
      threadsLock.unlock();
    }
  }

  /** Waits for the session's threads to end; for tests. */
  boolean awaitThreads(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads()) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
        return false;
      }
    }
    return true;
  }

  private long extraInitialWindow() {
    return config.initialWindow() - (long) YamuxFrame.INITIAL_WINDOW;
  }

  // ---- reading ----

  private void readLoop() {
    byte[] header = new byte[YamuxFrame.HEADER_LENGTH];
    try {
      while (isOpen()) {
        int n = in.readNBytes(header, 0, header.length);
        if (n < header.length) {
          String reason =
              n > 0
                  ? "connection closed inside a frame header"
                  : streams.peerSentGoAway()
                      ? "connection closed by the peer after its go-away"
                      : "connection closed by the peer";
          shutdown(reason, Optional.empty(), n == 0 ? Level.DEBUG : Level.INFO);
          return;
        }
        dispatch(YamuxCodec.decode(header, 0, config.maxWindow()));
      }
    } catch (YamuxProtocolException e) {
      shutdown(
          "protocol error: " + e.getMessage(), Optional.of(GoAwayCode.PROTOCOL_ERROR), Level.WARN);
    } catch (IOException e) {
      shutdown("read failed: " + e.getMessage(), Optional.empty(), Level.INFO);
    } catch (RuntimeException e) {
      log.atError().setCause(e).addKeyValue("session", name).log("yamux reader failed");
      shutdown("internal error: " + e, Optional.of(GoAwayCode.INTERNAL_ERROR), Level.ERROR);
    }
  }

  private void dispatch(YamuxFrame frame) throws IOException {
    switch (frame.type()) {
      case DATA, WINDOW_UPDATE -> onStreamFrame(frame);
      case PING -> onPing(frame);
      case GO_AWAY -> onGoAway(frame);
    }
  }

  private void onStreamFrame(YamuxFrame frame) throws IOException {
    int id = frame.streamId();
    if (id == YamuxFrame.SESSION_ID) {
      throw new YamuxProtocolException(frame.type() + " frame on stream 0");
    }
    Optional<YamuxStream> found = frame.has(YamuxFrame.SYN) ? openedByPeer(id) : streams.get(id);
    boolean data = frame.type() == YamuxFrame.Type.DATA;
    if (found.isEmpty()) {
      // Closed, reset or refused: its data is read and dropped.
      if (data) {
        in.skipNBytes(frame.length());
      }
      return;
    }
    YamuxStream stream = found.get();
    if (frame.has(YamuxFrame.ACK) || frame.has(YamuxFrame.RST)) {
      streams.acknowledged(id);
    }
    if (data && frame.length() > 0 && !receive(stream, frame)) {
      return;
    }
    if (frame.has(YamuxFrame.RST)) {
      // go-yamux sends an error code here, not a window delta.
      stream.onRemoteReset(frame.length());
      streamDone(stream);
      return;
    }
    if (!data) {
      stream.onWindowUpdate(frame.length());
    }
    if (frame.has(YamuxFrame.FIN)) {
      stream.onRemoteFin();
    }
  }

  /** Reads a Data payload into its stream; false when the stream was reset instead. */
  private boolean receive(YamuxStream stream, YamuxFrame frame) throws IOException {
    stream.admit(frame.length());
    byte[] payload = new byte[(int) frame.length()];
    if (in.readNBytes(payload, 0, payload.length) < payload.length) {
      throw new EOFException("connection closed inside a data frame");
    }
    if (!stream.deliver(payload)) {
      log.atDebug()
          .addKeyValue("session", name)
          .addKeyValue("stream", frame.unsignedStreamId())
          .log("data after FIN; resetting the stream");
      resetFromReader(stream, "data after FIN");
      return false;
    }
    return true;
  }

  private Optional<YamuxStream> openedByPeer(int id) throws YamuxProtocolException {
    return switch (streams.addInbound(id)) {
      case StreamTable.Inbound.Admitted admitted -> Optional.of(admitted.stream());
      case StreamTable.Inbound.Refused refused -> {
        log.atDebug()
            .addKeyValue("session", name)
            .addKeyValue("stream", Integer.toUnsignedLong(id))
            .addKeyValue("reason", refused.reason())
            .log("refusing inbound stream");
        sendControl(YamuxFrame.windowUpdate(id, YamuxFrame.RST, 0));
        yield Optional.empty();
      }
    };
  }

  private void resetFromReader(YamuxStream stream, String why) {
    stream.onLocalReset(why);
    sendControl(YamuxFrame.windowUpdate(stream.id(), YamuxFrame.RST, 0));
    streamDone(stream);
  }

  private void onPing(YamuxFrame frame) {
    if (frame.has(YamuxFrame.SYN)) {
      sendControl(YamuxFrame.ping(YamuxFrame.ACK, frame.length()));
    } else if (frame.has(YamuxFrame.ACK) && !timer.onPong(frame.length())) {
      log.atDebug()
          .addKeyValue("session", name)
          .addKeyValue("value", frame.length())
          .log("ignoring a ping reply we did not ask for");
    }
  }

  private void onGoAway(YamuxFrame frame) {
    if (frame.length() == GoAwayCode.NORMAL.code()) {
      streams.goAwayReceived();
      log.atDebug().addKeyValue("session", name).log("peer sent go-away");
      return;
    }
    shutdown(
        "peer sent go-away: " + GoAwayCode.describe(frame.length()), Optional.empty(), Level.WARN);
  }

  // ---- closing ----

  /**
   * Ends the session once: sends go-away when asked (unless a normal one was sent), closes the
   * connection, fails every stream and accept, and stops the threads.
   */
  private void shutdown(String reason, Optional<GoAwayCode> goAway, Level level) {
    if (!closeReason.compareAndSet(null, reason)) {
      return;
    }
    if (goAway.isPresent() && streams.claimGoAway(goAway.get())) {
      try {
        writer.tryWrite(YamuxFrame.goAway(goAway.get()), config.writeTimeout());
      } catch (IOException e) {
        // The connection is already gone; closing it below is all that is left.
      }
    }
    writer.close();
    try {
      transport.close();
    } catch (IOException e) {
      log.atDebug().setCause(e).addKeyValue("session", name).log("closing the connection failed");
    }
    timer.stop();
    stopControlSender();
    List<YamuxStream> open = streams.close(reason);
    for (YamuxStream stream : open) {
      stream.onSessionClosed(reason);
    }
    log.atLevel(level)
        .addKeyValue("session", name)
        .addKeyValue("reason", reason)
        .addKeyValue("streams", open.size())
        .log("yamux session closed");
  }

  private void stopControlSender() {
    threadsLock.lock();
    try {
      controlThread.filter(t -> t != Thread.currentThread()).ifPresent(Thread::interrupt);
    } finally {
      threadsLock.unlock();
    }
  }
}
