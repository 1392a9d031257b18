package io.bzzz.p2p.mux.yamux;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * A session's streams and the rules for adding and removing them: id parity and allocation, the
 * stream limit, the accept backlog, the limit on streams the peer has not acknowledged, and go-away
 * in both directions. Thread-safe; does no I/O.
 */
final class StreamTable {
  /** What became of a stream the peer opened. */
  sealed interface Inbound {
    record Admitted(YamuxStream stream) implements Inbound {}

    record Refused(String reason) implements Inbound {}
  }

  private final YamuxConfig config;
  private final boolean client;
  private final String session;
  private final IntFunction<YamuxStream> newStream;
  private final AcceptQueue acceptQueue;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ackProgress = lock.newCondition();

  /** Changed only under {@code lock}; concurrent so that the per-frame lookup needs no lock. */
  private final Map<Integer, YamuxStream> streams = new ConcurrentHashMap<>();

  private final Set<Integer> unacknowledged = new HashSet<>();
  private long nextOutboundId;
  private boolean goAwaySent;
  private boolean goAwayReceived;
  private Optional<String> closedBecause = Optional.empty();

  /**
   * @param client true on the dialer, which opens odd ids
   * @param session the session's name, for error messages
   */
  StreamTable(
      YamuxConfig config, boolean client, String session, IntFunction<YamuxStream> newStream) {
    this.config = config;
    this.client = client;
    this.session = session;
    this.newStream = newStream;
    this.acceptQueue = new AcceptQueue(config.maxPendingInbound());
    this.nextOutboundId = client ? 1 : 2;
  }

  /**
   * Adds a stream we open, with the next id. Waits up to the write timeout while the peer has not
   * acknowledged {@code maxUnackedOutbound} earlier streams; fails when closed, after go-away
   * either way, or at the stream limit.
   */
  YamuxStream addOutbound() throws IOException {
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
                  + " ms on "
                  + session);
        }
        ackProgress.awaitNanos(left);
      }
      if (streams.size() >= config.maxStreams()) {
        throw new IOException("stream limit of " + config.maxStreams() + " reached on " + session);
      }
      if (nextOutboundId > YamuxFrame.MAX_LENGTH) {
        throw new IOException("stream ids exhausted on " + session);
      }
      int id = (int) nextOutboundId;
      nextOutboundId += 2;
      YamuxStream stream = newStream.apply(id);
      streams.put(id, stream);
      unacknowledged.add(id);
      return stream;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while opening a stream on " + session);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds a stream the peer opened (SYN) and queues it for accept, or refuses it. A stream id with
   * our parity or one already open is a protocol error.
   */
  Inbound addInbound(int id) throws YamuxProtocolException {
    if ((id & 1) == (client ? 1 : 0)) {
      throw new YamuxProtocolException(
          "peer opened stream "
              + Integer.toUnsignedLong(id)
              + " with our id parity: both endpoints act as "
              + (client ? "clients" : "servers"));
    }
    lock.lock();
    try {
      if (streams.containsKey(id)) {
        throw new YamuxProtocolException(
            "peer opened stream " + Integer.toUnsignedLong(id) + " twice");
      }
      if (closedBecause.isPresent() || goAwaySent) {
        return new Inbound.Refused("session is closing");
      }
      if (streams.size() >= config.maxStreams()) {
        return new Inbound.Refused("stream limit of " + config.maxStreams() + " reached");
      }
      YamuxStream stream = newStream.apply(id);
      if (!acceptQueue.offer(stream)) {
        return new Inbound.Refused("accept backlog of " + config.maxPendingInbound() + " is full");
      }
      streams.put(id, stream);
      return new Inbound.Admitted(stream);
    } finally {
      lock.unlock();
    }
  }

  /** The next inbound stream for the application, skipping any reset before it was accepted. */
  YamuxStream nextAccepted() throws EOFException, InterruptedException {
    YamuxStream stream = acceptQueue.take();
    while (stream.isReset()) {
      stream = acceptQueue.take();
    }
    return stream;
  }

  Optional<YamuxStream> get(int id) {
    return Optional.ofNullable(streams.get(id));
  }

  /** The peer acknowledged one of our streams (or reset it, which also answers the SYN). */
  void acknowledged(int id) {
    lock.lock();
    try {
      if (unacknowledged.remove(id)) {
        ackProgress.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Removes a finished stream; true when we sent go-away and it was the last one. */
  boolean remove(YamuxStream stream) {
    lock.lock();
    try {
      streams.remove(stream.id());
      if (unacknowledged.remove(stream.id())) {
        ackProgress.signalAll();
      }
      return goAwaySent && streams.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return streams.size();
    } finally {
      lock.unlock();
    }
  }

  boolean isEmpty() {
    lock.lock();
    try {
      return streams.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records that we send go-away with {@code code}; false when a normal go-away needs no sending
   * because one was sent already. Error codes are always sent.
   */
  boolean claimGoAway(GoAwayCode code) {
    lock.lock();
    try {
      if (code == GoAwayCode.NORMAL && goAwaySent) {
        return false;
      }
      goAwaySent = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  void goAwayReceived() {
    lock.lock();
    try {
      goAwayReceived = true;
      ackProgress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean peerSentGoAway() {
    lock.lock();
    try {
      return goAwayReceived;
    } finally {
      lock.unlock();
    }
  }

  /** Closes the table and returns every stream, open or waiting for accept, to be failed. */
  List<YamuxStream> close(String reason) {
    List<YamuxStream> all;
    lock.lock();
    try {
      closedBecause = Optional.of(reason);
      all = new ArrayList<>(streams.values());
      streams.clear();
      unacknowledged.clear();
      ackProgress.signalAll();
    } finally {
      lock.unlock();
    }
    for (YamuxStream pending : acceptQueue.close()) {
      if (!all.contains(pending)) {
        all.add(pending);
      }
    }
    return all;
  }

  private void checkCanOpen() throws IOException {
    if (closedBecause.isPresent()) {
      throw new IOException(session + " is closed: " + closedBecause.get());
    }
    if (goAwayReceived) {
      throw new IOException("peer sent go-away on " + session + ": no new streams");
    }
    if (goAwaySent) {
      throw new IOException(session + " is closing: no new streams");
    }
  }
}
