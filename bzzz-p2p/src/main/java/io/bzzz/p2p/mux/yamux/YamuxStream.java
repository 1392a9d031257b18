package io.bzzz.p2p.mux.yamux;

import io.bzzz.p2p.mux.MuxedStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Yamux stream. Reads come from a buffer the session's reader fills, bounded by the receive
 * window we granted; writes block while the peer's window is used up and never send more than it
 * allows. Half-close sends FIN; reset sends RST and fails reads and writes on both sides.
 */
final class YamuxStream implements MuxedStream {
  private enum Failure {
    NONE,
    RESET_BY_PEER,
    RESET_LOCALLY,
    SESSION_CLOSED
  }

  /** Discarded data gives its window back but never grows it. */
  private static long noGrowth(long wanted) {
    return 0;
  }

  private final YamuxSession session;
  private final int id;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();

  /** Keeps one write call's frames together and FIN behind them. */
  private final ReentrantLock writeOrder = new ReentrantLock();

  private final ReceiveBuffer buffer = new ReceiveBuffer();
  private final ReceiveWindow receiveWindow;
  private long sendWindow = YamuxFrame.INITIAL_WINDOW;
  private boolean localFin;
  private boolean remoteFin;
  private boolean readClosed;
  private boolean done;
  private Failure failure = Failure.NONE;
  private String failureDetail = "";

  private final InputStream in = new StreamInput();
  private final OutputStream out = new StreamOutput();

  YamuxStream(YamuxSession session, int id) {
    this.session = session;
    this.id = id;
    this.receiveWindow =
        new ReceiveWindow(
            session.config().initialWindow(), session.config().maxWindow(), session.now());
  }

  @Override
  public int id() {
    return id;
  }

  @Override
  public InputStream in() {
    return in;
  }

  @Override
  public OutputStream out() {
    return out;
  }

  @Override
  public void closeWrite() throws IOException {
    writeOrder.lock();
    try {
      lock.lock();
      try {
        if (localFin) {
          return;
        }
        throwIfFailed();
        localFin = true;
      } finally {
        lock.unlock();
      }
      session.writer().write(YamuxFrame.windowUpdate(id, YamuxFrame.FIN, 0));
    } finally {
      writeOrder.unlock();
    }
    finishIfBothClosed();
  }

  @Override
  public void reset() {
    boolean peerStillHasIt;
    lock.lock();
    try {
      if (failure != Failure.NONE) {
        return;
      }
      peerStillHasIt = !done;
      fail(Failure.RESET_LOCALLY, "stream " + Integer.toUnsignedLong(id) + " was reset locally");
    } finally {
      lock.unlock();
    }
    if (peerStillHasIt) {
      try {
        session.writer().write(YamuxFrame.windowUpdate(id, YamuxFrame.RST, 0));
      } catch (IOException e) {
        // The session is closing; the peer's side of the stream ends with it.
      }
      session.streamDone(this);
    }
  }

  /** Half-closes if not done yet and stops reading: data still arriving is dropped. */
  @Override
  public void close() throws IOException {
    boolean writeOpen;
    lock.lock();
    try {
      if (failure != Failure.NONE) {
        return;
      }
      writeOpen = !localFin;
    } finally {
      lock.unlock();
    }
    closeRead();
    if (writeOpen) {
      closeWrite();
    }
  }

  @Override
  public String toString() {
    return "yamux stream " + Integer.toUnsignedLong(id);
  }

  boolean isReset() {
    lock.lock();
    try {
      return failure == Failure.RESET_BY_PEER || failure == Failure.RESET_LOCALLY;
    } finally {
      lock.unlock();
    }
  }

  // ---- called by the session's reader ----

  /**
   * Takes {@code length} bytes of Data off the receive window before the payload is read, so a peer
   * that ignores the window is caught before anything is allocated.
   */
  void admit(long length) throws YamuxProtocolException {
    lock.lock();
    try {
      receiveWindow.receive(length, id);
    } finally {
      lock.unlock();
    }
  }

  /** Delivers an admitted payload; returns false when the stream must be reset (data after FIN). */
  boolean deliver(byte[] payload) {
    long returnCredit = 0;
    lock.lock();
    try {
      if (failure != Failure.NONE) {
        return true;
      }
      if (remoteFin) {
        return false;
      }
      if (readClosed) {
        returnCredit =
            receiveWindow.consume(
                payload.length, session.now(), session.rtt(), YamuxStream::noGrowth);
      } else {
        buffer.add(payload);
        readable.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (returnCredit > 0) {
      session.sendControl(YamuxFrame.windowUpdate(id, 0, returnCredit));
    }
    return true;
  }

  void onWindowUpdate(long delta) {
    if (delta == 0) {
      return;
    }
    lock.lock();
    try {
      sendWindow += delta;
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void onRemoteFin() {
    lock.lock();
    try {
      remoteFin = true;
      readable.signalAll();
    } finally {
      lock.unlock();
    }
    finishIfBothClosed();
  }

  /** RST from the peer; go-yamux puts an error code in the length, which we only report. */
  void onRemoteReset(long errorCode) {
    lock.lock();
    try {
      if (failure != Failure.NONE) {
        return;
      }
      fail(
          Failure.RESET_BY_PEER,
          "stream "
              + Integer.toUnsignedLong(id)
              + " was reset by the peer"
              + (errorCode == 0 ? "" : " (error code " + errorCode + ")"));
    } finally {
      lock.unlock();
    }
  }

  /** Reset by our side's reader: the peer broke the stream's rules. */
  void onLocalReset(String why) {
    lock.lock();
    try {
      if (failure == Failure.NONE) {
        fail(Failure.RESET_LOCALLY, "stream " + Integer.toUnsignedLong(id) + " was reset: " + why);
      }
    } finally {
      lock.unlock();
    }
  }

  void onSessionClosed(String reason) {
    lock.lock();
    try {
      if (failure == Failure.NONE) {
        failure = Failure.SESSION_CLOSED;
        failureDetail = "session closed: " + reason;
      }
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks the stream finished once; true for the caller that did it. What is still unread stops
   * counting against the session's buffer limit: it belongs to the application now.
   */
  boolean markDone() {
    lock.lock();
    try {
      boolean first = !done;
      if (first) {
        session.returnWindowGrowth(receiveWindow.size() - session.config().initialWindow());
      }
      done = true;
      return first;
    } finally {
      lock.unlock();
    }
  }

  // ---- internals ----

  /** Window growth from the session's budget; none once the stream has ended. Under the lock. */
  private long takeGrowth(long wanted) {
    return done ? 0 : session.takeWindowGrowth(wanted);
  }

  private void fail(Failure kind, String detail) {
    failure = kind;
    failureDetail = detail;
    buffer.clear();
    readable.signalAll();
    writable.signalAll();
  }

  private void throwIfFailed() throws IOException {
    if (failure != Failure.NONE) {
      throw new IOException(failureDetail);
    }
  }

  private void finishIfBothClosed() {
    boolean finished;
    lock.lock();
    try {
      finished = localFin && remoteFin;
    } finally {
      lock.unlock();
    }
    if (finished) {
      session.streamDone(this);
    }
  }

  private void closeRead() {
    long returnCredit;
    lock.lock();
    try {
      if (readClosed || (remoteFin && buffer.isEmpty())) {
        readClosed = true;
        return;
      }
      readClosed = true;
      long dropped = buffer.clear();
      returnCredit =
          receiveWindow.consume(dropped, session.now(), session.rtt(), YamuxStream::noGrowth);
      readable.signalAll();
    } finally {
      lock.unlock();
    }
    sendWindowUpdate(returnCredit);
  }

  private void sendWindowUpdate(long delta) {
    if (delta <= 0) {
      return;
    }
    try {
      session.writer().write(YamuxFrame.windowUpdate(id, 0, delta));
    } catch (IOException e) {
      // The session is closing; reads of what is buffered still succeed.
    }
  }

  private int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    int n;
    long update;
    lock.lock();
    try {
      while (true) {
        if (failure == Failure.RESET_BY_PEER || failure == Failure.RESET_LOCALLY) {
          throw new IOException(failureDetail);
        }
        if (readClosed) {
          throw new IOException("stream " + Integer.toUnsignedLong(id) + " is closed for reading");
        }
        if (!buffer.isEmpty()) {
          break;
        }
        if (remoteFin) {
          return -1;
        }
        throwIfFailed();
        readable.await();
      }
      n = buffer.read(b, off, len);
      update = receiveWindow.consume(n, session.now(), session.rtt(), this::takeGrowth);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading " + this);
    } finally {
      lock.unlock();
    }
    sendWindowUpdate(update);
    return n;
  }

  private void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    writeOrder.lock();
    try {
      while (len > 0) {
        int chunk;
        lock.lock();
        try {
          while (true) {
            throwIfFailed();
            if (localFin) {
              throw new IOException(
                  "stream " + Integer.toUnsignedLong(id) + " is closed for writing");
            }
            if (sendWindow > 0) {
              break;
            }
            writable.await();
          }
          chunk = (int) Math.min(Math.min(len, sendWindow), session.config().maxFramePayload());
          sendWindow -= chunk;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while writing " + this);
        } finally {
          lock.unlock();
        }
        session.writer().write(YamuxFrame.data(id, 0, chunk), b, off, chunk);
        off += chunk;
        len -= chunk;
      }
    } finally {
      writeOrder.unlock();
    }
  }

  private int available() {
    lock.lock();
    try {
      return (int) Math.min(Integer.MAX_VALUE, buffer.size());
    } finally {
      lock.unlock();
    }
  }

  private final class StreamInput extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = YamuxStream.this.read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return YamuxStream.this.read(b, off, len);
    }

    @Override
    public int available() {
      return YamuxStream.this.available();
    }

    /** Stops reading; the write side stays as it is. */
    @Override
    public void close() {
      closeRead();
    }
  }

  private final class StreamOutput extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      YamuxStream.this.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      YamuxStream.this.write(b, off, len);
    }

    /** Half-closes the stream (FIN). */
    @Override
    public void close() throws IOException {
      closeWrite();
    }
  }
}
