package io.bzzz.agent.coordination;

import java.time.Instant;

/**
 * A pub/sub message: {@code {"type","from","timestamp","data","hop_count"}} (contract, DESIGN §3).
 * The type is the payload's.
 *
 * @param from the sender's peer id
 * @param hopCount how many times the message was forwarded (help requests)
 */
public record Envelope(String from, Instant timestamp, int hopCount, Payload data) {
  public Envelope {
    if (hopCount < 0) {
      throw new IllegalArgumentException("hop_count must not be negative: " + hopCount);
    }
  }

  public static Envelope of(String from, Instant timestamp, Payload data) {
    return new Envelope(from, timestamp, 0, data);
  }

  public String type() {
    return data.wireType();
  }

  /**
   * The same payload re-published by {@code peer}: {@code from} names the forwarder (it signs the
   * pub/sub message), the payload keeps the origin, and the hop count grows by one.
   */
  public Envelope forwardedBy(String peer, Instant now) {
    return new Envelope(peer, now, hopCount + 1, data);
  }
}
