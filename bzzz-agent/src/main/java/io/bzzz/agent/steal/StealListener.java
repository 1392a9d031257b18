package io.bzzz.agent.steal;

import io.bzzz.agent.coordination.CoordinationListener;
import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.HelpRounds;
import io.bzzz.agent.coordination.PeerTable;

/** Feeds the mesh's messages to {@link WorkStealing}, then passes everything on to {@code next}. */
public final class StealListener implements CoordinationListener {
  private final WorkStealing stealing;
  private final CoordinationListener next;

  public StealListener(WorkStealing stealing, CoordinationListener next) {
    this.stealing = stealing;
    this.next = next;
  }

  @Override
  public void onMessage(String topic, Envelope envelope) {
    stealing.onMessage(envelope);
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
