package io.bzzz.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.Payload.TaskBid;
import io.bzzz.agent.coordination.TaskRef;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The live auction on the wall clock: what it publishes, what it claims, whose bids it takes. */
class AuctionTest {
  static final TaskRef TASK = new TaskRef("gitea", "o/r", 1);

  final List<Payload> published = new CopyOnWriteArrayList<>();
  final List<String> claims = new CopyOnWriteArrayList<>();

  Auction auction(Set<String> livePeers, double myScoreTerms) {
    Scorer scorer =
        new Scorer(
            ScoreWeights.DEFAULT,
            0.7,
            () ->
                ScoreTest.inputs(
                    ScoreTest.caps(List.of(), 0), 0, 2, myScoreTerms, myScoreTerms, 0.5));
    return new Auction(
        "me",
        new AuctionSettings(
            true, Duration.ofMillis(200), Duration.ofSeconds(30), 0.7, ScoreWeights.DEFAULT),
        scorer,
        published::add,
        (task, labels, rank) -> claims.add(task + "@" + rank),
        livePeers::contains,
        InstantSource.system());
  }

  static Envelope bid(String from, String bidder, double score) {
    return Envelope.of(
        from,
        Instant.now(),
        new TaskBid(
            TASK,
            bidder,
            score,
            new TaskBid.Terms(1, 1, 1, 1),
            "r",
            Instant.now().plusMillis(200),
            List.of(),
            1,
            false));
  }

  @Test
  void aloneInItsRoundTheOpenerBidsAndClaims() {
    try (Auction a = auction(Set.of(), 0.1)) {
      a.taskAvailable(TASK, List.of());
      await().atMost(Duration.ofSeconds(10)).until(() -> claims.contains(TASK + "@0"));
      assertThat(published).hasSize(1).first().isInstanceOf(TaskBid.class);
      assertThat(a.counters().roundsWon()).isEqualTo(1);
    }
  }

  @Test
  void aBetterPeerWinsAndThisAgentWaitsItsTurn() {
    try (Auction a = auction(Set.of("peer"), 0.9)) {
      a.onMessage(bid("peer", "peer", 5.0)); // opens the round here; this agent bids too
      await().atMost(Duration.ofSeconds(10)).until(() -> a.order(TASK).isPresent());
      assertThat(a.order(TASK).orElseThrow()).containsExactly("peer", "me");
      assertThat(published).hasSize(1);
      assertThat(claims).isEmpty(); // its turn comes only after the claim timeout (30 s here)
    }
  }

  @Test
  void bidsNamingAnotherBidderOrFromUnknownPeersAreIgnored() {
    try (Auction a = auction(Set.of("peer"), 0.1)) {
      a.onMessage(bid("peer", "someone-else", 9.0)); // forged: the sender is not the bidder
      a.onMessage(bid("stranger", "stranger", 9.0)); // not a live peer
      assertThat(a.counters().bidsIgnored()).isEqualTo(2);
      a.taskAvailable(TASK, List.of());
      await().atMost(Duration.ofSeconds(10)).until(() -> claims.contains(TASK + "@0"));
    }
  }
}
