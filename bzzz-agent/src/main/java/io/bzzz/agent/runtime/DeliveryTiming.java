package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.CoordinationListener;
import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.HelpRounds;
import io.bzzz.agent.coordination.PeerTable;
import java.time.InstantSource;

/**
 * Puts each valid message's publish-to-delivery time into {@link LatencyMetrics}, then passes every
 * event on unchanged. The envelope's {@code timestamp} is the publisher's clock (a forwarder's, for
 * a forwarded help request), so across machines the time includes their clock skew.
 */
final class DeliveryTiming implements CoordinationListener {
  private final CoordinationListener next;
  private final LatencyMetrics metrics;
  private final InstantSource clock;

  DeliveryTiming(CoordinationListener next, LatencyMetrics metrics, InstantSource clock) {
    this.next = next;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void onMessage(String topic, Envelope envelope) {
    metrics.delivered(topic, envelope.timestamp(), clock.instant());
    next.onMessage(topic, envelope);
  }

  @Override
  public void onHandOver(HelpRounds.HandOver handOver) {
    next.onHandOver(handOver);
  }

  @Override
  public void onGiveUp(HelpRounds.GiveUp giveUp) {
    next.onGiveUp(giveUp);
  }

  @Override
  public void onPeerChange(PeerTable.Change change) {
    next.onPeerChange(change);
  }
}
