package io.bzzz.p2p.mux.yamux;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes frame writes onto the connection. Each frame (header and payload) goes out in one
 * {@code write} followed by {@code flush}, so the Noise layer below seals it as one message. The
 * time the current write started is kept so a watchdog can tell a peer that stopped reading.
 */
final class FrameWriter {
  private static final byte[] NO_PAYLOAD = new byte[0];

  private final OutputStream out;
  private final InstantSource clock;

  /**
   * Fair, so frames go out in the order their writers arrived: with a barging lock, streams in a
   * bulk transfer kept re-taking it and a ping reply queued behind them waited long enough for
   * js-libp2p's connection monitor to drop the connection (200-stream echo against js).
   */
  private final ReentrantLock lock = new ReentrantLock(true);

  /** The header of the frame being written; guarded by {@code lock}. */
  private final byte[] header = new byte[YamuxFrame.HEADER_LENGTH];

  private volatile Optional<Instant> writingSince = Optional.empty();
  private volatile boolean closed;

  FrameWriter(OutputStream out, InstantSource clock) {
    this.out = out;
    this.clock = clock;
  }

  void write(YamuxFrame frame) throws IOException {
    write(frame, NO_PAYLOAD, 0, 0);
  }

  void write(YamuxFrame frame, byte[] payload, int offset, int length) throws IOException {
    lock.lock();
    try {
      // The header and payload are written separately (no copy of the payload); the Noise
      // stream below buffers both until the flush, so they still travel in one Noise frame.
      YamuxCodec.encode(frame, header, 0);
      writeLocked(header, payload, offset, length);
    } finally {
      lock.unlock();
    }
  }

  /** Writes unless another write holds the connection longer than {@code wait}. */
  boolean tryWrite(YamuxFrame frame, Duration wait) throws IOException {
    byte[] buf = YamuxCodec.encode(frame);
    try {
      if (!lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      writeLocked(buf, NO_PAYLOAD, 0, 0);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** How long the write in progress has been blocked, if one is. */
  Optional<Duration> stalledFor(Instant now) {
    return writingSince.map(since -> Duration.between(since, now));
  }

  /** Refuses further writes; the owner closes the connection itself. */
  void close() {
    closed = true;
  }

  private void writeLocked(byte[] head, byte[] payload, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("session closed");
    }
    writingSince = Optional.of(clock.instant());
    try {
      out.write(head);
      if (length > 0) {
        out.write(payload, offset, length);
      }
      out.flush();
    } finally {
      writingSince = Optional.empty();
    }
  }
}
