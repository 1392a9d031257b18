package io.bzzz.agent.schedule;

import io.bzzz.agent.coordination.CoordinationListener;
import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.HelpRounds;
import io.bzzz.agent.coordination.PeerTable;

/** Feeds the mesh's messages to the {@link Auction}, then passes everything on to {@code next}. */
public final class AuctionListener implements CoordinationListener {
  private final Auction auction;
  private final CoordinationListener next;

  public AuctionListener(Auction auction, CoordinationListener next) {
    this.auction = auction;
    this.next = next;
  }

  @Override
  public void onMessage(String topic, Envelope envelope) {
    auction.onMessage(envelope);
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
