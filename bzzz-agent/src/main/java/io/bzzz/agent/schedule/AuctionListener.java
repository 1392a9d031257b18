package io.bzzz.agent.schedule;

import io.bzzz.agent.coordination.CoordinationListener;
import io.bzzz.agent.coordination.ListenerTap;

/** Feeds the mesh's messages to the {@link Auction}, then passes everything on to {@code next}. */
public final class AuctionListener extends ListenerTap {
  public AuctionListener(Auction auction, CoordinationListener next) {
    super(auction::onMessage, next);
  }
}
