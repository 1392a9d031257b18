package io.bzzz.agent.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.Payload.AvailabilityBroadcast;
import io.bzzz.agent.coordination.Payload.CapabilityBroadcast;
import io.bzzz.agent.coordination.PeerTable.State;
import io.bzzz.agent.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerTableTest {
  static final Duration INTERVAL = Duration.ofSeconds(30);
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  final PeerTable table = new PeerTable("me", INTERVAL, clock);

  void hear(String peer, String... missing) {
    table.observe(
        Envelope.of(
            peer,
            clock.instant(),
            AvailabilityBroadcast.of(
                peer, 0, 1, clock.instant(), clock.instant(), List.of(missing))));
  }

  /** One interval passes; {@code speakers} broadcast at its end. */
  void interval(List<String> speakers, String... missing) {
    clock.advance(INTERVAL);
    speakers.forEach(p -> hear(p, missing));
  }

  /** {@code peer} says it reached {@code stage} of {@code task}, now. */
  void progress(String peer, TaskRef task, String stage, String message) {
    table.observe(
        Envelope.of(peer, clock.instant(), new Payload.TaskProgress(task, peer, stage, message)));
  }

  State state(String peer) {
    return table.peers().stream()
        .filter(p -> p.peerId().equals(peer))
        .findFirst()
        .orElseThrow()
        .state();
  }

  @Test
  void keepsWhatBroadcastsSay() {
    CapabilityBroadcast caps =
        new CapabilityBroadcast(
            "a",
            List.of("gpu"),
            List.of("m"),
            "v",
            "s",
            clock.instant(),
            "startup",
            "k",
            List.of(),
            "");
    assertThat(table.observe(Envelope.of("a", clock.instant(), caps)))
        .hasValueSatisfying(c -> assertThat(c.from()).isEmpty());
    hear("a");
    PeerTable.PeerView a = table.peers().getFirst();
    assertThat(a.capabilities()).contains(caps);
    assertThat(a.availability()).hasValueSatisfying(v -> assertThat(v.maxTasks()).isEqualTo(1));
    assertThat(a.lastSeen()).isEqualTo(clock.instant());
    // A broadcast about someone else (node_id != from) does not overwrite.
    table.observe(
        Envelope.of(
            "a",
            clock.instant(),
            new CapabilityBroadcast(
                "b", List.of(), List.of(), "", "", clock.instant(), "", "", List.of(), "")));
    assertThat(table.peers().getFirst().capabilities()).contains(caps);
  }

  @Test
  void silentForThreeIntervalsIsSuspectButNotGoneAlone() {
    List.of("a", "b", "x").forEach(this::hear);
    interval(List.of("a", "b", "x"));
    interval(List.of("a", "b"));
    interval(List.of("a", "b"));
    assertThat(state("x")).isEqualTo(State.LIVE);
    interval(List.of("a", "b")); // x last heard three intervals ago

    assertThat(state("x")).isEqualTo(State.SUSPECT);
    assertThat(table.missingPeers()).containsExactly("x");
    // Only this agent misses x: 1 vote of 3 live.
    assertThat(table.isGone("x")).isFalse();
  }

  @Test
  void aGonePeerHoldingAFinishedResultKeepsThatClaimLongerThanItsOthers() {
    List.of("a", "b", "x").forEach(this::hear);
    TaskRef waiting = new TaskRef("local", "o/r", 7);
    progress("x", waiting, PeerTable.RESULT_WAITING_STAGE, "attempt 1");
    for (int i = 0; i < 3; i++) {
      interval(List.of("a", "b"), "x");
    }
    assertThat(table.isGone("x")).isTrue();
    assertThat(table.mayTakeOver("x", 8)).as("a claim with nothing waiting").isTrue();
    assertThat(table.mayTakeOver("x", 7)).as("the claim whose result waits").isFalse();

    for (int i = 3; i < PeerTable.RESULT_WAITING_INTERVALS - 1; i++) {
      interval(List.of("a", "b"), "x");
    }
    assertThat(table.mayTakeOver("x", 7)).as("one interval short").isFalse();
    interval(List.of("a", "b"), "x");
    assertThat(table.mayTakeOver("x", 7)).isTrue();
  }

  @Test
  void aDeliveredResultNoLongerHoldsTheClaimBack() {
    List.of("a", "b", "x").forEach(this::hear);
    TaskRef task = new TaskRef("local", "o/r", 7);
    progress("x", task, PeerTable.RESULT_WAITING_STAGE, "attempt 1");
    table.observe(
        Envelope.of("x", clock.instant(), new Payload.TaskCompleted(task, "x", "pr", "done")));
    for (int i = 0; i < 3; i++) {
      interval(List.of("a", "b"), "x");
    }
    assertThat(table.mayTakeOver("x", 7)).isTrue();
  }

  @Test
  void aGonePeerLastHeardRunningATaskKeepsThatClaimAsLongAsAWaitingResult() {
    List.of("a", "b", "x").forEach(this::hear);
    TaskRef running = new TaskRef("local", "o/r", 7);
    progress("x", running, PeerTable.RUNNING_STAGE, "executor started");
    assertThat(table.heldResults())
        .as("relayed to peers that never heard x, while x is heard")
        .containsExactly(new HeldResult("x", running));
    for (int i = 0; i < 3; i++) {
      interval(List.of("a", "b"), "x");
    }
    assertThat(table.isGone("x")).isTrue();
    assertThat(table.mayTakeOver("x", 8)).as("a claim x was not running").isTrue();
    assertThat(table.mayTakeOver("x", 7)).as("x may have finished it while cut off").isFalse();
    for (int i = 3; i < PeerTable.RESULT_WAITING_INTERVALS; i++) {
      interval(List.of("a", "b"), "x");
    }
    assertThat(table.mayTakeOver("x", 7)).as("a dead owner's task, twelve intervals on").isTrue();
  }

  /** The attack: a peer whose id sorts first says it runs more tasks than the list can carry. */
  @Test
  void manyAnnouncedRunsCannotCrowdAWaitingResultOutOfTheRelay() {
    List.of("a", "x").forEach(this::hear);
    for (int n = 1; n <= 300; n++) {
      progress("a", new TaskRef("local", "o/r", n), PeerTable.RUNNING_STAGE, "");
    }
    TaskRef waiting = new TaskRef("local", "o/r", 7);
    progress("x", waiting, PeerTable.RESULT_WAITING_STAGE, "attempt 1");
    List<HeldResult> held = table.heldResults();
    assertThat(held).hasSizeLessThanOrEqualTo(256).contains(new HeldResult("x", waiting));
    assertThat(held.getFirst()).isEqualTo(new HeldResult("x", waiting));
  }

  @Test
  void aRunThatEndedOrWasHandedOverHoldsNothing() {
    List.of("a", "b", "x").forEach(this::hear);
    TaskRef done = new TaskRef("local", "o/r", 7);
    TaskRef failed = new TaskRef("local", "o/r", 8);
    TaskRef handed = new TaskRef("local", "o/r", 9);
    for (TaskRef t : List.of(done, failed, handed)) {
      progress("x", t, PeerTable.RUNNING_STAGE, "");
    }
    table.observe(
        Envelope.of("x", clock.instant(), new Payload.TaskCompleted(done, "x", "pr", "done")));
    table.observe(Envelope.of("x", clock.instant(), new Payload.TaskFailed(failed, "x", "exit 1")));
    progress("x", handed, PeerTable.HANDOVER_STAGE, "helper");
    // a peer cannot start a run in x's name
    table.observe(
        Envelope.of(
            "a",
            clock.instant(),
            new Payload.TaskProgress(
                new TaskRef("local", "o/r", 10), "x", PeerTable.RUNNING_STAGE, "")));
    for (int i = 0; i < 3; i++) {
      interval(List.of("a", "b"), "x");
    }
    for (int n = 7; n <= 10; n++) {
      assertThat(table.mayTakeOver("x", n)).as("task %d", n).isTrue();
    }
  }

  /** {@code peer}'s availability broadcast, missing {@code missing}, relaying {@code held}. */
  void hearRelaying(String peer, List<HeldResult> held, String... missing) {
    table.observe(
        Envelope.of(
            peer,
            clock.instant(),
            AvailabilityBroadcast.of(peer, 0, 1, clock.instant(), clock.instant(), List.of(missing))
                .withResultsHeld(held)));
  }

  /** One interval passes; a relays {@code held} and misses x, b misses x. */
  void relayRound(List<HeldResult> held) {
    clock.advance(INTERVAL);
    hearRelaying("a", held, "x");
    hear("b", "x");
  }

  /**
   * Chaos seed 13: this agent (re)started while x was cut off, so it never heard x say that task
   * 7's result waits; a did, and relays it. x is confirmed gone by a's and b's votes, but task 7
   * stays held for as long as a relays it, and three intervals more.
   */
  @Test
  void aPeerThatNeverHeardTheOwnerHoldsItsWaitingResultOnTheWordOfOneThatDid() {
    table.markJoined();
    List.of("a", "b").forEach(this::hear);
    table.watch("x"); // x's claims are on the tracker
    List<HeldResult> held = List.of(new HeldResult("x", new TaskRef("local", "o/r", 7)));
    for (int i = 0; i < 4; i++) {
      relayRound(held);
    }
    assertThat(table.isGone("x")).isTrue();
    assertThat(table.mayTakeOver("x", 8)).as("nothing waits for 8").isTrue();
    assertThat(table.mayTakeOver("x", 7)).as("a still holds 7").isFalse();

    // a's own hold ended: it relays no more
    for (int i = 0; i < PeerTable.SUSPECT_AFTER_INTERVALS - 1; i++) {
      interval(List.of("a", "b"), "x");
    }
    assertThat(table.mayTakeOver("x", 7)).as("one interval short").isFalse();
    interval(List.of("a", "b"), "x");
    assertThat(table.mayTakeOver("x", 7)).isTrue();
  }

  /**
   * A peer that keeps relaying a hold (made up, or stuck) delays the take-over no longer than x.
   */
  @Test
  void aRelayedHoldEndsTwelveIntervalsAfterItFirstArrivedHoweverOftenItIsRepeated() {
    table.markJoined();
    List.of("a", "b").forEach(this::hear);
    table.watch("x");
    List<HeldResult> held = List.of(new HeldResult("x", new TaskRef("local", "o/r", 7)));
    for (int i = 0; i < PeerTable.RESULT_WAITING_INTERVALS; i++) {
      relayRound(held); // the first relay came one interval in
    }
    assertThat(table.isGone("x")).isTrue();
    assertThat(table.mayTakeOver("x", 7)).as("eleven intervals after the first relay").isFalse();
    relayRound(held);
    assertThat(table.mayTakeOver("x", 7)).isTrue();
  }

  @Test
  void heldResultsListWhatThisAgentHeardWhileItsHoldRunsAndNothingRelayedToIt() {
    List.of("a", "x").forEach(this::hear);
    TaskRef task = new TaskRef("local", "o/r", 7);
    progress("x", task, PeerTable.RESULT_WAITING_STAGE, "attempt 1");
    hearRelaying(
        "a",
        List.of(
            new HeldResult("y", new TaskRef("local", "o/r", 9)),
            new HeldResult("a", new TaskRef("local", "o/r", 10))));
    assertThat(table.heldResults()).containsExactly(new HeldResult("x", task));

    for (int i = 0; i < PeerTable.RESULT_WAITING_INTERVALS - 1; i++) {
      interval(List.of("a"));
    }
    assertThat(table.heldResults()).containsExactly(new HeldResult("x", task));
    interval(List.of("a"));
    assertThat(table.heldResults()).as("x silent for twelve intervals").isEmpty();
  }

  /** A relay in the owner's own name is ignored: the owner speaks for itself. */
  @Test
  void aRelayCannotHoldBackTheSendersOwnClaims() {
    table.markJoined();
    List.of("a", "b", "c").forEach(this::hear);
    hearRelaying("a", List.of(new HeldResult("a", new TaskRef("local", "o/r", 7))));
    for (int i = 0; i < 4; i++) {
      interval(List.of("b", "c"), "a");
    }
    assertThat(table.isGone("a")).isTrue();
    assertThat(table.mayTakeOver("a", 7)).isTrue();
  }

  /** x's availability broadcast at {@code at}, listing {@code waiting} as its results waiting. */
  void availabilityOfX(Instant at, TaskRef... waiting) {
    table.observe(
        Envelope.of(
            "x",
            at,
            AvailabilityBroadcast.of("x", 1, 1, at, at, List.of())
                .withResultsWaiting(List.of(waiting))));
  }

  @Test
  void aResultWaitingSaidOnlyInTheAvailabilityBroadcastHoldsTheClaimBack() {
    // the result_waiting progress message was lost (x was not yet in the mesh again)
    List.of("a", "b").forEach(this::hear);
    availabilityOfX(clock.instant(), new TaskRef("local", "o/r", 7));
    for (int i = 0; i < 3; i++) {
      interval(List.of("a", "b"), "x");
    }
    assertThat(table.isGone("x")).isTrue();
    assertThat(table.mayTakeOver("x", 8)).isTrue();
    assertThat(table.mayTakeOver("x", 7)).as("listed as waiting").isFalse();
    for (int i = 3; i < PeerTable.RESULT_WAITING_INTERVALS; i++) {
      interval(List.of("a", "b"), "x");
    }
    assertThat(table.mayTakeOver("x", 7)).isTrue();
  }

  /** a and b are heard; a second later x says task 7's result waits. Returns the time before. */
  Instant xSaysTaskSevenWaitsASecondLater() {
    List.of("a", "b").forEach(this::hear);
    Instant before = clock.instant();
    clock.advance(Duration.ofSeconds(1));
    progress("x", new TaskRef("local", "o/r", 7), PeerTable.RESULT_WAITING_STAGE, "1");
    return before;
  }

  @Test
  void aNewerBroadcastReplacesTheListAndAnOlderOneDoesNot() {
    Instant before = xSaysTaskSevenWaitsASecondLater();
    // a broadcast sent before that word, delivered after it: it cannot clear it
    availabilityOfX(before);
    // a newer one lists task 9 only: 7 was delivered (its task_completed was lost)
    availabilityOfX(clock.instant().plusMillis(1), new TaskRef("local", "o/r", 9));
    for (int i = 0; i < 3; i++) {
      interval(List.of("a", "b"), "x");
    }
    assertThat(table.mayTakeOver("x", 7)).as("no longer waiting").isTrue();
    assertThat(table.mayTakeOver("x", 9)).isFalse();
  }

  @Test
  void aStaleBroadcastDoesNotClearAResultWaiting() {
    Instant before = xSaysTaskSevenWaitsASecondLater();
    availabilityOfX(before);
    for (int i = 0; i < 3; i++) {
      interval(List.of("a", "b"), "x");
    }
    assertThat(table.isGone("x")).isTrue();
    assertThat(table.mayTakeOver("x", 7)).isFalse();
  }

  @Test
  void aGoodbyeListingAResultWaitingHoldsThatClaimBackAndNoOther() {
    List.of("a", "b", "x").forEach(this::hear);
    table.left(
        "x", clock.instant(), java.util.Optional.of(List.of(new TaskRef("local", "o/r", 7))));
    assertThat(table.mayTakeOver("x", 8)).as("a goodbye frees the others at once").isTrue();
    assertThat(table.mayTakeOver("x", 7)).as("it restarts to deliver it").isFalse();
    for (int i = 0; i < PeerTable.RESULT_WAITING_INTERVALS - 1; i++) {
      interval(List.of("a", "b"));
    }
    assertThat(table.mayTakeOver("x", 7)).isFalse();
    interval(List.of("a", "b"));
    assertThat(table.mayTakeOver("x", 7)).isTrue();
  }

  @Test
  void anotherPeerCannotHoldBackAClaimInTheOwnersName() {
    List.of("a", "b", "x").forEach(this::hear);
    // a names x as the sender inside the payload: not x's word
    table.observe(
        Envelope.of(
            "a",
            clock.instant(),
            new Payload.TaskProgress(
                new TaskRef("local", "o/r", 7), "x", PeerTable.RESULT_WAITING_STAGE, "1")));
    for (int i = 0; i < 3; i++) {
      interval(List.of("a", "b"), "x");
    }
    assertThat(table.mayTakeOver("x", 7)).isTrue();
  }

  @Test
  void aMajorityOfLivePeersMissingItConfirmsGone() {
    List.of("a", "b", "c", "x").forEach(this::hear);
    for (int i = 0; i < 3; i++) {
      interval(List.of("a", "b", "c"));
    }
    assertThat(state("x")).isEqualTo(State.SUSPECT);
    // a says so too: me + a = 2 of 4 live, not a majority.
    hear("a", "x");
    assertThat(table.isGone("x")).isFalse();
    // b agrees: 3 of 4.
    hear("b", "x");
    assertThat(table.isGone("x")).isTrue();
    assertThat(state("x")).isEqualTo(State.GONE);
    assertThat(table.refresh())
        .extracting(PeerTable.Change::peerId, PeerTable.Change::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("x", State.SUSPECT),
            org.assertj.core.groups.Tuple.tuple("x", State.GONE));
    assertThat(table.livePeers()).containsExactly("a", "b", "c");
  }

  @Test
  void aMinorityPartitionNeverReclaims() {
    // Five agents: me and a on one side, b, c, d on the other.
    List.of("a", "b", "c", "d").forEach(this::hear);
    for (int i = 0; i < 10; i++) {
      interval(List.of("a"), "b", "c", "d");
    }
    assertThat(table.missingPeers()).containsExactly("b", "c", "d");
    // Both of us miss all three, unanimously, and still nothing is confirmed.
    assertThat(table.isGone("b")).isFalse();
    assertThat(table.isGone("c")).isFalse();
    assertThat(table.isGone("d")).isFalse();
  }

  @Test
  void theMajorityPartitionDoesReclaim() {
    // The same split seen from the other side: me, b, c against a, d.
    List.of("a", "b", "c", "d").forEach(this::hear);
    for (int i = 0; i < 3; i++) {
      interval(List.of("b", "c"), "a", "d");
    }
    assertThat(table.isGone("a")).isTrue();
    assertThat(table.isGone("d")).isTrue();
  }

  @Test
  void twoAgentsCannotDecideAlone() {
    // One of two dies: the survivor cannot tell a crash from a split, so it never reclaims.
    hear("a");
    for (int i = 0; i < 10; i++) {
      interval(List.of());
    }
    assertThat(state("a")).isEqualTo(State.SUSPECT);
    assertThat(table.isGone("a")).isFalse();
  }

  @Test
  void aPeerHeardAgainIsLiveAgain() {
    List.of("a", "b", "x").forEach(this::hear);
    for (int i = 0; i < 3; i++) {
      interval(List.of("a", "b"), "x");
    }
    assertThat(table.isGone("x")).isTrue();
    table.refresh();

    hear("x");
    assertThat(state("x")).isEqualTo(State.LIVE);
    assertThat(table.isGone("x")).isFalse();
  }

  @Test
  void votesOfSuspectPeersDoNotCount() {
    // a and b go silent right after saying c is missing; their stale votes must not count.
    List.of("a", "b", "c", "d", "e", "f", "g").forEach(this::hear);
    hear("a", "c");
    hear("b", "c");
    for (int i = 0; i < 3; i++) {
      interval(List.of("d", "e", "f", "g"));
    }
    // Live: me, d, e, f, g (a quorum against 3 suspects); c is missed by me alone: 1 of 5.
    // Counting a's and b's old votes would make it 3 of 5.
    assertThat(table.missingPeers()).containsExactly("a", "b", "c");
    assertThat(table.isGone("c")).isFalse();
    hear("d", "c");
    hear("e", "c");
    assertThat(table.isGone("c")).isTrue();
  }

  @Test
  void goodbyeRemovesAtOnceAndMakesTheClaimsReclaimableWithoutAVote() {
    hear("a");
    hear("b");
    assertThat(table.anyGone()).isFalse();

    assertThat(table.left("a", clock.instant()))
        .contains(
            new PeerTable.Change(
                "a", java.util.Optional.of(State.LIVE), State.GONE, PeerTable.Reason.GOODBYE));

    assertThat(table.peers()).extracting(PeerTable.PeerView::peerId).containsExactly("b");
    assertThat(table.livePeers()).containsExactly("b");
    assertThat(table.missingPeers()).isEmpty();
    assertThat(table.isGone("a")).isTrue(); // nobody else had to miss it
    assertThat(table.anyGone()).isTrue();
    assertThat(table.left("a", clock.instant())).isEmpty(); // a repeated goodbye changes nothing
  }

  @Test
  void aLateCopyOfAnOlderMessageDoesNotBringADepartedPeerBack() {
    Instant before = clock.instant();
    hear("a");
    clock.advance(Duration.ofSeconds(1));
    table.left("a", clock.instant());
    clock.advance(Duration.ofSeconds(1));

    // gossip may deliver a message sent before the goodbye after it
    assertThat(
            table.observe(
                Envelope.of(
                    "a", before, AvailabilityBroadcast.of("a", 0, 1, before, before, List.of()))))
        .isEmpty();
    assertThat(table.peers()).isEmpty();
    assertThat(table.isGone("a")).isTrue();
  }

  @Test
  void aPeerThatSaidGoodbyeIsAcceptedAgainWhenItComesBack() {
    hear("a");
    table.left("a", clock.instant());
    clock.advance(Duration.ofSeconds(5));

    hear("a"); // restarted with the same identity: a newer message

    assertThat(table.livePeers()).containsExactly("a");
    assertThat(table.isGone("a")).isFalse();
    assertThat(table.anyGone()).isFalse();
  }
}
