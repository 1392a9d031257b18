package io.bzzz.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.Payload.TaskBid;
import io.bzzz.agent.coordination.TaskRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WinnerRuleTest {
  static final TaskRef TASK = new TaskRef("gitea", "o/r", 7);

  static TaskBid bid(String bidder, double score) {
    return new TaskBid(
        TASK,
        bidder,
        score,
        new TaskBid.Terms(score, score, score, score),
        "r",
        Instant.EPOCH,
        List.of(),
        1,
        false);
  }

  @Test
  void sameBidsInAnyOrderGiveTheSameOrderOnEveryAgent() {
    List<TaskBid> bids =
        new ArrayList<>(
            List.of(
                bid("12D3KooWc", 0.71),
                bid("12D3KooWa", 0.55),
                bid("12D3KooWb", 0.71),
                bid("12D3KooWd", 0.9),
                bid("12D3KooWe", 0.1)));
    List<String> expected =
        List.of("12D3KooWd", "12D3KooWb", "12D3KooWc", "12D3KooWa", "12D3KooWe");
    Random random = new Random(42);
    for (int agent = 0; agent < 50; agent++) {
      Collections.shuffle(bids, random);
      assertThat(WinnerRule.order(bids)).isEqualTo(expected);
    }
  }

  @Test
  void equalScoresGoToTheSmallerPeerId() {
    assertThat(WinnerRule.order(List.of(bid("b", 0.5), bid("a", 0.5)))).containsExactly("a", "b");
  }

  @Test
  void abstentionsDoNotCompeteAndABidderCountsWithItsBestBid() {
    TaskBid abstain =
        new TaskBid(
            TASK, "z", 99, new TaskBid.Terms(0, 0, 0, 0), "r", Instant.EPOCH, List.of(), 0, true);
    List<TaskBid> bids = List.of(bid("a", 0.2), abstain, bid("a", 0.8), bid("b", 0.5));
    assertThat(WinnerRule.order(bids)).containsExactly("a", "b");
    assertThat(WinnerRule.order(List.of(bids.get(2), bids.get(1), bids.get(3), bids.get(0))))
        .containsExactly("a", "b");
  }

  @Test
  void aLiarWithAHugeScoreOnlyGetsToTryFirst() {
    // documented: the order is all a bid buys; the claim is still the tracker's atomic ref
    assertThat(WinnerRule.order(List.of(bid("honest", 0.9), bid("liar", 1e9))))
        .containsExactly("liar", "honest");
  }
}
