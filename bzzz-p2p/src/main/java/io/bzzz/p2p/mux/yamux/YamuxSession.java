package io.bzzz.p2p.mux.yamux;

import io.bzzz.p2p.mux.MuxedSession;
import io.bzzz.p2p.mux.MuxedStream;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
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
  private final boolean client;
  private final YamuxConfig config;
  private final InstantSource clock;
  private final FrameWriter writer;
  private final ControlSender control;
  private final SessionTimer timer;
  private final AcceptQueue acceptQueue;
  private final String name;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ackProgress = lock.newCondition();
  private final Map<Integer, YamuxStream> streams = new HashMap<>();
  private final Set<Integer> unacknowledged = new HashSet<>();
  private boolean goAwaySent;
  private boolean goAwayReceived;

  /** Serializes opens so SYNs go out in stream id order. */
  private final ReentrantLock openLock = new ReentrantLock();

  private long nextStreamId;

  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String closeReason = "";
  private final List<Thread> threads = new ArrayList<>();
  private Optional<Thread> controlThread = Optional.empty();

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
    this.client = client;
    this.config = config;
    this.clock = clock;
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
    this.acceptQueue = new AcceptQueue(config.maxPendingInbound());
    this.nextStreamId = client ? 1 : 2;
    this.name =
        (client ? "client-" : "server-") + Integer.toHexString(System.identityHashCode(this));
  }

  /** Starts the reader, control sender and timer threads. Call once. */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("session already started");
    }
    lock.lock();
    try {
      if (closed.get()) {
        return;
      }
      threads.add(Thread.ofVirtual().name("yamux-reader-" + name).start(this::readLoop));
      Thread sender = Thread.ofVirtual().name("yamux-control-" + name).start(control);
      controlThread = Optional.of(sender);
      threads.add(sender);
      threads.add(Thread.ofVirtual().name("yamux-timer-" + name).start(timer));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public MuxedStream openStream() throws IOException {
    openLock.lock();
    try {
      YamuxStream stream = register();
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
    YamuxStream stream = acceptQueue.take();
    writer.write(YamuxFrame.windowUpdate(stream.id(), YamuxFrame.ACK, extraInitialWindow()));
    return stream;
  }

  @Override
  public boolean isOpen() {
    return !closed.get();
  }

  /** The RTT measured by the latest keep-alive Ping, once one was answered. */
  public Optional<Duration> rtt() {
    return timer.rtt();
  }

  /** Why the session closed, once it has. */
  public Optional<String> closeReason() {
    return closed.get() ? Optional.of(closeReason) : Optional.empty();
  }

  @Override
  public void close(boolean now) {
    if (now) {
      shutdown("closed locally", Optional.of(GoAwayCode.NORMAL), Level.DEBUG);
      return;
    }
    boolean idle;
    lock.lock();
    try {
      if (closed.get() || goAwaySent) {
        return;
      }
      goAwaySent = true;
      idle = streams.isEmpty();
    } finally {
      lock.unlock();
    }
    try {
      writer.write(YamuxFrame.goAway(GoAwayCode.NORMAL));
    } catch (IOException e) {
      shutdown("go-away failed: " + e.getMessage(), Optional.empty(), Level.INFO);
      return;
    }
    if (idle) {
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

  /** Removes a finished or reset stream; ends a session that sent go-away once it is idle. */
  void streamDone(YamuxStream stream) {
    if (!stream.markDone()) {
      return;
    }
    boolean drained;
    lock.lock();
    try {
      streams.remove(stream.id());
      if (unacknowledged.remove(stream.id())) {
        ackProgress.signalAll();
      }
      drained = goAwaySent && streams.isEmpty();
    } finally {
      lock.unlock();
    }
    if (drained) {
      shutdown("closed after go-away: all streams done", Optional.empty(), Level.DEBUG);
    }
  }

  /** The session's threads, for tests that check none outlives it. */
  List<Thread> threads() {
    lock.lock();
    try {
      return List.copyOf(threads);
    } finally {
      lock.unlock();
    }
  }

  // ---- opening ----

  private int allocateId() throws IOException {
    if (nextStreamId > YamuxFrame.MAX_LENGTH) {
      throw new IOException("stream ids exhausted on " + this);
    }
    int id = (int) nextStreamId;
    nextStreamId += 2;
    return id;
  }

  private YamuxStream register() throws IOException {
    lock.lock();
    try {
      long deadline = System.nanoTime() + config.writeTimeout().toNanos();
      while (true) {
        checkCanOpen();
        if (unacknowledged.size() < config.maxUnackedOutbound()) {
          break;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IOException(
              "peer acknowledged none of "
                  + unacknowledged.size()
                  + " new streams within "
                  + config.writeTimeout().toMillis()
                  + " ms");
        }
        ackProgress.awaitNanos(left);
      }
      if (streams.size() >= config.maxStreams()) {
        throw new IOException("stream limit of " + config.maxStreams() + " reached on " + this);
      }
      int id = allocateId();
      YamuxStream stream = new YamuxStream(this, id);
      streams.put(id, stream);
      unacknowledged.add(id);
      return stream;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while opening a stream");
    } finally {
      lock.unlock();
    }
  }

  private void checkCanOpen() throws IOException {
    if (closed.get()) {
      throw new IOException(this + " is closed: " + closeReason);
    }
    if (goAwayReceived) {
      throw new IOException("peer sent go-away on " + this + ": no new streams");
    }
    if (goAwaySent) {
      throw new IOException(this + " is closing: no new streams");
    }
  }

  private long extraInitialWindow() {
    return config.initialWindow() - (long) YamuxFrame.INITIAL_WINDOW;
  }

  // ---- reading ----

  private void readLoop() {
    byte[] header = new byte[YamuxFrame.HEADER_LENGTH];
    try {
      while (true) {
        int n = in.readNBytes(header, 0, header.length);
        if (n < header.length) {
          String reason =
              n == 0 ? "connection closed by the peer" : "connection closed inside a frame header";
          shutdown(reason, Optional.empty(), goAwayReceived ? Level.DEBUG : Level.INFO);
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
    Optional<YamuxStream> found =
        frame.has(YamuxFrame.SYN) ? acceptInbound(id) : Optional.ofNullable(lookup(id));
    boolean data = frame.type() == YamuxFrame.Type.DATA;
    if (found.isEmpty()) {
      // Closed, reset or refused: its data is read and dropped.
      if (data) {
        in.skipNBytes(frame.length());
      }
      return;
    }
    YamuxStream stream = found.get();
    if (frame.has(YamuxFrame.ACK)) {
      onAck(id);
    }
    if (data && frame.length() > 0) {
      stream.admit(frame.length());
      byte[] payload = in.readNBytes((int) frame.length());
      if (payload.length < frame.length()) {
        throw new EOFException("connection closed inside a data frame");
      }
      if (!stream.deliver(payload)) {
        log.atDebug()
            .addKeyValue("session", name)
            .addKeyValue("stream", frame.unsignedStreamId())
            .log("data after FIN; resetting the stream");
        resetFromReader(stream);
        return;
      }
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

  private YamuxStream lookup(int id) {
    lock.lock();
    try {
      return streams.get(id);
    } finally {
      lock.unlock();
    }
  }

  private Optional<YamuxStream> acceptInbound(int id) throws YamuxProtocolException {
    boolean ours = (id & 1) == (client ? 1 : 0);
    if (ours) {
      throw new YamuxProtocolException(
          "peer opened stream "
              + Integer.toUnsignedLong(id)
              + " with our id parity: both endpoints act as "
              + (client ? "clients" : "servers"));
    }
    String refusal;
    lock.lock();
    try {
      if (streams.containsKey(id)) {
        throw new YamuxProtocolException(
            "peer opened stream " + Integer.toUnsignedLong(id) + " twice");
      }
      if (closed.get() || goAwaySent) {
        refusal = "session is closing";
      } else if (streams.size() >= config.maxStreams()) {
        refusal = "stream limit of " + config.maxStreams() + " reached";
      } else {
        YamuxStream stream = new YamuxStream(this, id);
        if (acceptQueue.offer(stream)) {
          streams.put(id, stream);
          return Optional.of(stream);
        }
        refusal = "accept backlog of " + config.maxPendingInbound() + " is full";
      }
    } finally {
      lock.unlock();
    }
    log.atDebug()
        .addKeyValue("session", name)
        .addKeyValue("stream", Integer.toUnsignedLong(id))
        .addKeyValue("reason", refusal)
        .log("refusing inbound stream");
    sendControl(YamuxFrame.windowUpdate(id, YamuxFrame.RST, 0));
    return Optional.empty();
  }

  private void onAck(int id) {
    lock.lock();
    try {
      if (unacknowledged.remove(id)) {
        ackProgress.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private void resetFromReader(YamuxStream stream) {
    stream.onRemoteReset(0);
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
      lock.lock();
      try {
        goAwayReceived = true;
        ackProgress.signalAll();
      } finally {
        lock.unlock();
      }
      log.atDebug().addKeyValue("session", name).log("peer sent go-away");
      return;
    }
    shutdown(
        "peer sent go-away: " + GoAwayCode.describe(frame.length()), Optional.empty(), Level.WARN);
  }

  // ---- closing ----

  /**
   * Ends the session once: sends go-away when asked (unless one was sent), closes the connection,
   * fails every stream and accept, and stops the threads.
   */
  private void shutdown(String reason, Optional<GoAwayCode> goAway, Level level) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeReason = reason;
    List<YamuxStream> open;
    boolean sendGoAway;
    lock.lock();
    try {
      sendGoAway = goAway.isPresent() && (goAway.get() != GoAwayCode.NORMAL || !goAwaySent);
      goAwaySent = goAwaySent || sendGoAway;
      open = List.copyOf(streams.values());
      streams.clear();
      unacknowledged.clear();
      ackProgress.signalAll();
    } finally {
      lock.unlock();
    }
    if (sendGoAway) {
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
    for (YamuxStream stream : open) {
      stream.onSessionClosed(reason);
    }
    for (YamuxStream stream : acceptQueue.close()) {
      stream.onSessionClosed(reason);
    }
    log.atLevel(level)
        .addKeyValue("session", name)
        .addKeyValue("reason", reason)
        .addKeyValue("streams", open.size())
        .log("yamux session closed");
  }

  private void stopControlSender() {
    lock.lock();
    try {
      controlThread.filter(t -> t != Thread.currentThread()).ifPresent(Thread::interrupt);
    } finally {
      lock.unlock();
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
}
