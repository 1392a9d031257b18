package io.bzzz.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.pickup.AuctionPickup;
import io.bzzz.agent.pickup.TaskAvailability;
import io.bzzz.agent.pickup.TaskHint;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Hints through the auction: with live peers a hint opens a round (and never reaches the ranked
 * pickup); without, the ranked pickup takes it; claims heard reach both.
 */
class AuctionPickupTest {
  private final AuctionTest rounds = new AuctionTest();
  private final List<String> ranked = new CopyOnWriteArrayList<>();
  private final List<TaskRef> claimedElsewhere = new CopyOnWriteArrayList<>();
  private final TaskAvailability alone =
      new TaskAvailability() {
        @Override
        public boolean available(TaskHint hint) {
          return ranked.add(hint.task().toString());
        }

        @Override
        public void claimedElsewhere(TaskRef task) {
          claimedElsewhere.add(task);
        }
      };

  private static TaskHint hint() {
    return new TaskHint(
        AuctionTest.TASK, List.of("bzzz-task"), TaskHint.Origin.WEBHOOK, "12D3KooSelf");
  }

  @Test
  void withLivePeersAHintOpensARound() {
    try (Auction a = rounds.auction(Set.of("peer"), 0.5)) {
      AuctionPickup pickup = new AuctionPickup(a, () -> true, alone);
      pickup.available(hint());
      await().atMost(Duration.ofSeconds(10)).until(() -> a.counters().roundsOpened() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> !rounds.published.isEmpty());
      assertThat(ranked).isEmpty();
      pickup.claimedElsewhere(AuctionTest.TASK);
      assertThat(claimedElsewhere).containsExactly(AuctionTest.TASK);
    }
  }

  @Test
  void withoutPeersTheRankedPickupLooks() {
    AtomicBoolean peers = new AtomicBoolean(false);
    try (Auction a = rounds.auction(Set.of(), 0.5)) {
      AuctionPickup pickup = new AuctionPickup(a, peers::get, alone);
      pickup.available(hint());
      assertThat(ranked).containsExactly(AuctionTest.TASK.toString());
      assertThat(a.counters().roundsOpened()).isZero();
    }
  }
}
