package io.bzzz.p2p.mux.yamux;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * Receive-side flow control of one stream: how much the peer may still send ({@link #credit()}),
 * and when to grant more. An update is due once the application has consumed half the window, as
 * go-yamux does. Auto-tuning doubles the window (up to the maximum) when updates come faster than
 * four round trips, i.e. when the window, not the reader, limits throughput — as far as the
 * session's growth budget allows. Not thread-safe: the stream's lock guards it.
 */
final class ReceiveWindow {
  private final long maxSize;
  private long size;
  private long credit;
  private long consumed;
  private Instant epochStart;

  ReceiveWindow(long initialSize, long maxSize, Instant now) {
    this.size = initialSize;
    this.maxSize = maxSize;
    this.credit = initialSize;
    this.epochStart = now;
  }

  long credit() {
    return credit;
  }

  long size() {
    return size;
  }

  /** Takes {@code n} received bytes off the credit; more than the credit is a protocol error. */
  void receive(long n, int streamId) throws YamuxProtocolException {
    if (n > credit) {
      throw new YamuxProtocolException(
          "window exceeded on stream "
              + Integer.toUnsignedLong(streamId)
              + ": "
              + n
              + " bytes sent with "
              + credit
              + " bytes of window left");
    }
    credit -= n;
  }

  /**
   * Records that the application consumed (or we discarded) {@code n} bytes and returns the window
   * delta to send now, or 0 when no update is due yet.
   *
   * @param budget takes up to the asked growth from the session and returns what it granted
   */
  long consume(long n, Instant now, Optional<Duration> rtt, LongUnaryOperator budget) {
    consumed += n;
    if (consumed < size / 2) {
      return 0;
    }
    long growth = 0;
    if (rtt.isPresent() && size < maxSize) {
      Duration epoch = Duration.between(epochStart, now);
      if (epoch.compareTo(rtt.get().multipliedBy(4)) < 0) {
        growth = budget.applyAsLong(Math.min(size * 2, maxSize) - size);
        size += growth;
      }
    }
    epochStart = now;
    long delta = consumed + growth;
    credit += delta;
    consumed = 0;
    return delta;
  }
}
