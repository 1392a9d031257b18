package io.bzzz.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.Payload.TaskBid;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.schedule.sim.AuctionSim;
import io.bzzz.agent.schedule.sim.AuctionSim.Agent;
import io.bzzz.agent.schedule.sim.AuctionSim.Mode;
import io.bzzz.agent.schedule.sim.AuctionSim.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The auction's rules with real {@link AuctionBook}s and {@link Scorer}s on a virtual clock ({@link
 * AuctionSim}: network and tracker as delays, the tracker's claim atomic). The same rules run live
 * in {@code AuctionOnLocalTrackerTest}.
 */
class AuctionBookTest {
  static final Duration WINDOW = Duration.ofMillis(400);
  static final Duration CLAIM = Duration.ofSeconds(3);
  static final List<String> PREFERS_FOUR =
      List.of("prefers:gpu", "prefers:python3", "prefers:git", "prefers:docker");

  @Test
  void theOnlyAgentWithTheRequiredCapabilityWinsEvenWhenAnotherAnnouncesIt() {
    Agent plain = new Agent("a-plain", List.of(), 2, 1);
    Agent gpu = new Agent("b-gpu", List.of("gpu"), 2, 1);
    Task t = new Task(1, List.of("needs:gpu"), 10, 0);
    AuctionSim sim =
        new AuctionSim(AuctionSim.Config.defaults(Mode.AUCTION), List.of(plain, gpu), List.of(t));
    sim.announce(0, "a-plain", 1); // it cannot do it: it abstains, which still announces it
    AuctionSim.Result r = sim.runAnnounced(60_000);
    assertThat(t.owner).isEqualTo("b-gpu");
    assertThat(r.claimAttempts()).isEqualTo(1);
  }

  @Test
  void thePreferredCapabilityDecidesBetweenAgentsThatCanBothDoIt() {
    Agent plain = new Agent("a-plain", List.of("python3", "git", "docker"), 2, 1);
    Agent gpu = new Agent("b-gpu", List.of("python3", "git", "docker", "gpu"), 2, 1);
    Task t = new Task(1, PREFERS_FOUR, 10, 0);
    AuctionSim sim =
        new AuctionSim(AuctionSim.Config.defaults(Mode.AUCTION), List.of(plain, gpu), List.of(t));
    sim.announce(0, "a-plain", 1);
    sim.runAnnounced(1_000);
    assertThat(plain.book.order(t.ref)).contains(List.of("b-gpu", "a-plain")); // 1.0 over 0.75
    sim.runAnnounced(60_000);
    assertThat(t.owner).isEqualTo("b-gpu");
  }

  @Test
  void theIdleAgentBeatsTheLoadedOne() {
    Agent b = new Agent("b", List.of(), 2, 1);
    Task longOne = new Task(1, List.of("needs:x"), 1000, 0);
    Task next = new Task(2, List.of(), 10, 0);
    Agent ax = new Agent("a", List.of("x"), 2, 1);
    AuctionSim sim =
        new AuctionSim(
            AuctionSim.Config.defaults(Mode.AUCTION), List.of(ax, b), List.of(longOne, next));
    sim.announce(0, "b", 1); // only a can do it: a is now busy with one of two slots
    sim.announce(5_000, "a", 2); // a announces the next task itself, and still loses it to b
    sim.runAnnounced(20_000);
    assertThat(longOne.owner).isEqualTo("a");
    assertThat(next.owner).isEqualTo("b");
  }

  @Test
  void aWinnerThatNeverClaimsIsReplacedByTheNextBidderAfterTheClaimTimeout() {
    Agent best = new Agent("a-best", List.of("python3", "git", "docker", "gpu"), 2, 1);
    Agent second = new Agent("b-second", List.of("python3", "git", "docker"), 2, 1);
    Agent third = new Agent("c-third", List.of("gpu"), 2, 1); // 0.25: under 0.7, does not bid
    best.mute = true; // it dies between the auction and its claim
    Task t = new Task(1, PREFERS_FOUR, 10, 0);
    AuctionSim sim =
        new AuctionSim(
            AuctionSim.Config.defaults(Mode.AUCTION), List.of(best, second, third), List.of(t));
    sim.announce(0, "b-second", 1);
    AuctionSim.Result r = sim.runAnnounced(60_000);
    assertThat(t.owner).isEqualTo("b-second");
    assertThat(t.executions).isEqualTo(1);
    // claimed after the window and one claim timeout, not before
    assertThat(r.meanDecisionMillis())
        .isGreaterThanOrEqualTo((double) WINDOW.plus(CLAIM).toMillis());
  }

  @Test
  void aPartitionDecidesOnEachSideButTheRefLetsOnlyOneExecute() {
    List<Agent> agents = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Agent a = new Agent("p" + i, List.of(), 1, 1);
      a.group = i < 3 ? 0 : 1;
      agents.add(a);
    }
    Task t = new Task(1, List.of(), 10, 0);
    AuctionSim sim = new AuctionSim(AuctionSim.Config.defaults(Mode.AUCTION), agents, List.of(t));
    sim.announce(0, "p0", 1); // each side finds the task and holds its own auction
    sim.announce(0, "p3", 1);
    AuctionSim.Result r = sim.runAnnounced(60_000);
    // each side's winner tries; the side that does not hear the claim tries its fallbacks too,
    // and the ref refuses every one of them
    assertThat(r.claimAttempts()).isBetween(2L, 4L);
    assertThat(r.claimLosses()).isEqualTo(r.claimAttempts() - 1);
    assertThat(t.executions).isEqualTo(1);
    assertThat(r.duplicateExecutions()).isZero();
  }

  @Test
  void withEveryAgentFullNobodyBidsAndTheTaskIsNotLost() {
    Agent a = new Agent("a", List.of(), 1, 1);
    Agent b = new Agent("b", List.of(), 1, 1);
    List<Task> tasks =
        List.of(
            new Task(1, List.of(), 10, 0),
            new Task(2, List.of(), 10, 0),
            new Task(3, List.of(), 10, 0));
    AuctionSim sim =
        new AuctionSim(
            AuctionSim.Config.defaults(Mode.AUCTION).withPoll(2_000), List.of(a, b), tasks);
    AuctionSim.Result r = sim.run(120_000);
    assertThat(r.tasksDone()).isEqualTo(3); // later polls open new rounds once slots free up
    assertThat(r.duplicateExecutions()).isZero();
  }

  @Test
  void bidsAfterTheDeadlineAreIgnoredAndFarDeadlinesArePulledIn() {
    TaskRef task = new TaskRef("gitea", "o/r", 1);
    AuctionBook book = new AuctionBook("me", WINDOW, CLAIM, (t, l, r, d) -> Optional.empty());
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    // a peer whose deadline is an hour away: the round still closes one window from now
    book.onBid(bid(task, "p1", 0.5, now.plusSeconds(3600)), now);
    assertThat(book.nextWake()).contains(now.plus(WINDOW));
    book.tick(now.plus(WINDOW));
    book.onBid(bid(task, "p0", 0.9, now), now.plus(WINDOW).plusMillis(1));
    assertThat(book.order(task)).contains(List.of("p1"));
    assertThat(book.lateBids()).isEqualTo(1);
  }

  @Test
  void aBidderWinsAtMostItsFreeSlotsAmongRoundsClosingTogether() {
    AuctionBook book = new AuctionBook("me", WINDOW, CLAIM, (t, l, r, d) -> Optional.empty());
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    List<TaskRef> refs = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      TaskRef ref = new TaskRef("gitea", "o/r", i);
      refs.add(ref);
      book.onBid(bidWithSlots(ref, "strong", 0.9, now.plus(WINDOW), 2), now);
      book.onBid(bidWithSlots(ref, "weak", 0.3, now.plus(WINDOW), 2), now);
    }
    book.tick(now.plus(WINDOW));
    assertThat(book.order(refs.get(0)).orElseThrow().getFirst()).isEqualTo("strong");
    assertThat(book.order(refs.get(1)).orElseThrow().getFirst()).isEqualTo("strong");
    assertThat(book.order(refs.get(2)).orElseThrow()).containsExactly("weak", "strong");
  }

  @Test
  void roundsAreBoundedAndExpire() {
    AuctionBook book = new AuctionBook("me", WINDOW, CLAIM, (t, l, r, d) -> Optional.empty());
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    for (int i = 1; i <= AuctionBook.MAX_ROUNDS + 50; i++) {
      book.onBid(bid(new TaskRef("gitea", "o/r", i), "p", 0.5, now.plus(WINDOW)), now);
    }
    assertThat(book.openRounds()).isEqualTo(AuctionBook.MAX_ROUNDS);
    book.tick(now.plus(WINDOW));
    book.tick(now.plusSeconds(60));
    assertThat(book.openRounds()).isZero();
  }

  static TaskBid bid(TaskRef task, String bidder, double score, Instant deadline) {
    return bidWithSlots(task, bidder, score, deadline, 1);
  }

  static TaskBid bidWithSlots(
      TaskRef task, String bidder, double score, Instant deadline, int slots) {
    return new TaskBid(
        task,
        bidder,
        score,
        new TaskBid.Terms(score, score, score, score),
        "r",
        deadline,
        List.of(),
        slots,
        false);
  }
}
