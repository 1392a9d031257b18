package io.bzzz.p2p.mux.yamux;

import java.time.Duration;
import java.util.Objects;

/**
 * Yamux session parameters, validated at construction.
 *
 * @param initialWindow the receive window we grant each new stream; at least the spec's 256 KiB
 *     (anything above is granted with the SYN or ACK window update)
 * @param maxWindow the largest receive window auto-tuning may grow a stream to; also the largest
 *     Data frame accepted from the peer
 * @param windowGrowthBudget receive window that auto-tuning may add beyond {@code initialWindow},
 *     shared by all streams of the session (ended streams give theirs back). With {@code maxStreams
 *     × initialWindow} it bounds the unread data a peer can make the session hold: a peer may send
 *     whatever window we granted, so memory is limited by limiting grants
 * @param maxStreams open streams per session, both directions; inbound streams past it get RST and
 *     {@link YamuxSession#openStream()} fails
 * @param maxPendingInbound inbound streams waiting for {@link YamuxSession#acceptStream()}; more
 *     are refused with RST
 * @param maxUnackedOutbound outbound streams the peer has not acknowledged yet (the spec's 256);
 *     opening more waits up to {@code writeTimeout}
 * @param keepAliveInterval how often a Ping measures the RTT and checks that the peer is alive;
 *     {@link Duration#ZERO} disables pings (no RTT, so no window auto-tuning)
 * @param keepAliveTimeout how long a Ping may stay unanswered before the session is closed
 * @param writeTimeout how long one frame write to the connection may block before the session is
 *     closed (the peer stopped reading the connection)
 * @param maxFramePayload the largest Data payload we put in one frame (js and go use 64 KiB)
 * @param maxQueuedControlFrames control frames (ping replies, resets) queued for the connection; a
 *     peer that makes us queue more is disconnected
 */
public record YamuxConfig(
    int initialWindow,
    int maxWindow,
    long windowGrowthBudget,
    int maxStreams,
    int maxPendingInbound,
    int maxUnackedOutbound,
    Duration keepAliveInterval,
    Duration keepAliveTimeout,
    Duration writeTimeout,
    int maxFramePayload,
    int maxQueuedControlFrames) {

  private static final int MIB = 1024 * 1024;

  public YamuxConfig {
    Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
    Objects.requireNonNull(keepAliveTimeout, "keepAliveTimeout");
    Objects.requireNonNull(writeTimeout, "writeTimeout");
    if (initialWindow < YamuxFrame.INITIAL_WINDOW) {
      throw new IllegalArgumentException(
          "initialWindow must be at least " + YamuxFrame.INITIAL_WINDOW + ": " + initialWindow);
    }
    if (maxWindow < initialWindow) {
      throw new IllegalArgumentException(
          "maxWindow " + maxWindow + " is below initialWindow " + initialWindow);
    }
    if (windowGrowthBudget < 0) {
      throw new IllegalArgumentException("windowGrowthBudget is negative: " + windowGrowthBudget);
    }
    positive("maxStreams", maxStreams);
    positive("maxPendingInbound", maxPendingInbound);
    positive("maxUnackedOutbound", maxUnackedOutbound);
    positive("maxFramePayload", maxFramePayload);
    positive("maxQueuedControlFrames", maxQueuedControlFrames);
    if (keepAliveInterval.isNegative()) {
      throw new IllegalArgumentException("keepAliveInterval is negative: " + keepAliveInterval);
    }
    if (!keepAliveTimeout.isPositive() || !writeTimeout.isPositive()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /**
   * 256 KiB windows growing to 16 MiB within 64 MiB of growth per session, 1024 streams (256
   * waiting to be accepted), 30 s keep-alive with a 15 s timeout, 10 s write timeout, 64 KiB
   * frames.
   */
  public static YamuxConfig defaults() {
    return new YamuxConfig(
        YamuxFrame.INITIAL_WINDOW,
        16 * MIB,
        64L * MIB,
        1024,
        256,
        256,
        Duration.ofSeconds(30),
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        64 * 1024,
        1024);
  }

  public boolean keepAliveEnabled() {
    return keepAliveInterval.isPositive();
  }

  public YamuxConfig withWindows(int initial, int max, long growthBudget) {
    return new YamuxConfig(
        initial,
        max,
        growthBudget,
        maxStreams,
        maxPendingInbound,
        maxUnackedOutbound,
        keepAliveInterval,
        keepAliveTimeout,
        writeTimeout,
        maxFramePayload,
        maxQueuedControlFrames);
  }

  public YamuxConfig withStreamLimits(int streams, int pendingInbound) {
    return new YamuxConfig(
        initialWindow,
        maxWindow,
        windowGrowthBudget,
        streams,
        pendingInbound,
        maxUnackedOutbound,
        keepAliveInterval,
        keepAliveTimeout,
        writeTimeout,
        maxFramePayload,
        maxQueuedControlFrames);
  }

  public YamuxConfig withKeepAlive(Duration interval, Duration timeout) {
    return new YamuxConfig(
        initialWindow,
        maxWindow,
        windowGrowthBudget,
        maxStreams,
        maxPendingInbound,
        maxUnackedOutbound,
        interval,
        timeout,
        writeTimeout,
        maxFramePayload,
        maxQueuedControlFrames);
  }

  public YamuxConfig withWriteTimeout(Duration timeout) {
    return new YamuxConfig(
        initialWindow,
        maxWindow,
        windowGrowthBudget,
        maxStreams,
        maxPendingInbound,
        maxUnackedOutbound,
        keepAliveInterval,
        keepAliveTimeout,
        timeout,
        maxFramePayload,
        maxQueuedControlFrames);
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
