package io.bzzz.agent.pickup;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.schedule.Auction;
import java.util.function.BooleanSupplier;

/**
 * With the auction on, a hinted task (a webhook, a peer's {@code task_available}) opens an auction
 * round instead of the ranked pickup: every agent that heard the hint bids or abstains and the
 * auction's winner claims, as for a task a poll found. Without live peers there is nobody to bid
 * against, and the ranked pickup (which then looks at once) keeps the pickup fast. The claim ref
 * still decides who holds the task.
 */
public final class AuctionPickup implements TaskAvailability, AutoCloseable {
  private final Auction auction;
  private final BooleanSupplier peersLive;
  private final TaskAvailability alone;

  /**
   * @param peersLive whether any peer is live now (the same test the poll uses before auctioning)
   * @param alone what to do without peers (the ranked pickup)
   */
  public AuctionPickup(Auction auction, BooleanSupplier peersLive, TaskAvailability alone) {
    this.auction = auction;
    this.peersLive = peersLive;
    this.alone = alone;
  }

  @Override
  public boolean available(TaskHint hint) {
    if (peersLive.getAsBoolean()) {
      auction.taskAvailable(hint.task(), hint.labels());
      return true; // a full agent still takes part: it abstains, which announces the round
    }
    return alone.available(hint);
  }

  @Override
  public void claimedElsewhere(TaskRef task) {
    auction.claimed(task);
    alone.claimedElsewhere(task);
  }

  @Override
  public void slotFreed() {
    alone.slotFreed(); // what the ranked pickup kept while the agent was alone and full
  }

  @Override
  public void close() throws Exception {
    if (alone instanceof AutoCloseable c) {
      c.close();
    }
  }
}
