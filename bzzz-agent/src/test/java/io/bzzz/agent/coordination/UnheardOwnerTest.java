package io.bzzz.agent.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.Payload.AvailabilityBroadcast;
import io.bzzz.agent.coordination.PeerTable.State;
import io.bzzz.agent.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Owners seen on the tracker that never spoke on the mesh ({@link PeerTable#watch}): suspect after
 * three intervals of watching once this agent has joined, confirmed gone by the same majority, and
 * never by a newcomer, a lone agent or a minority.
 */
class UnheardOwnerTest {
  static final Duration INTERVAL = Duration.ofSeconds(30);
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  final PeerTable table = new PeerTable("me", INTERVAL, clock);

  /** {@code peer} broadcasts, saying whom it hears (absent: an agent that does not say). */
  void hear(String peer, Optional<List<String>> hears) {
    table.observe(
        Envelope.of(
            peer,
            clock.instant(),
            AvailabilityBroadcast.of(peer, 0, 1, clock.instant(), clock.instant(), List.of())
                .withHeardPeers(hears)));
  }

  void hears(String peer, String... heard) {
    hear(peer, Optional.of(List.of(heard)));
  }

  /** One interval passes; each speaker then broadcasts that it hears the others of the list. */
  void interval(List<String> speakers) {
    clock.advance(INTERVAL);
    for (String s : speakers) {
      hears(s, speakers.stream().filter(p -> !p.equals(s)).toArray(String[]::new));
    }
  }

  @Test
  void anOwnerNobodyHearsIsConfirmedGoneAfterThreeIntervalsOfWatching() {
    table.markJoined();
    interval(List.of("a", "b"));
    table.watch("x");
    interval(List.of("a", "b"));
    interval(List.of("a", "b"));
    assertThat(table.isGone("x")).isFalse(); // watched for two intervals only
    assertThat(table.missingPeers()).isEmpty();

    interval(List.of("a", "b"));

    assertThat(table.isGone("x")).isTrue(); // me, a and b do not hear it: 3 of 3
    assertThat(table.anyGone()).isTrue();
    assertThat(table.refresh())
        .extracting(PeerTable.Change::peerId, PeerTable.Change::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("x", State.SUSPECT),
            org.assertj.core.groups.Tuple.tuple("x", State.GONE));
    // never a member: not listed, never a poller
    assertThat(table.livePeers()).containsExactly("a", "b");
    assertThat(table.peers()).extracting(PeerTable.PeerView::peerId).containsExactly("a", "b");
  }

  @Test
  void aFreshlyStartedAgentDeclaresNobodyGone() {
    table.watch("x"); // seen on the tracker before this agent joined the mesh
    for (int i = 0; i < 10; i++) {
      interval(List.of("a", "b"));
    }
    assertThat(table.missingPeers()).isEmpty();
    assertThat(table.isGone("x")).isFalse();

    table.markJoined(); // the watch counts from here
    interval(List.of("a", "b"));
    interval(List.of("a", "b"));
    assertThat(table.isGone("x")).isFalse();
    interval(List.of("a", "b"));
    assertThat(table.isGone("x")).isTrue();
  }

  @Test
  void anOwnerThatIsOnlySlowToBeHeardIsNeverTakenOver() {
    table.markJoined();
    interval(List.of("a", "b"));
    table.watch("y"); // it claimed; its first broadcast has not reached us yet
    clock.advance(INTERVAL.multipliedBy(2));

    assertThat(
            table.observe(
                Envelope.of(
                    "y",
                    clock.instant(),
                    AvailabilityBroadcast.of(
                        "y", 1, 1, clock.instant(), clock.instant(), List.of()))))
        .contains(new PeerTable.Change("y", Optional.empty(), State.LIVE)); // a newcomer
    for (int i = 0; i < 10; i++) {
      interval(List.of("a", "b", "y"));
    }
    assertThat(table.isGone("y")).isFalse();
    assertThat(table.livePeers()).containsExactly("a", "b", "y");
  }

  @Test
  void aPeerThatHearsTheOwnerOrDoesNotSayKeepsItFromBeingConfirmed() {
    table.markJoined();
    table.watch("x");
    for (int i = 0; i < 5; i++) {
      clock.advance(INTERVAL);
      hears("a", "x"); // a hears x: x is alive, only not reaching us
      hear("b", Optional.empty()); // b is new, or an older agent: no vote
    }
    assertThat(table.missingPeers()).containsExactly("x");
    assertThat(table.isGone("x")).isFalse(); // only my vote: 1 of 3

    clock.advance(INTERVAL);
    hears("a"); // a no longer hears x either
    hear("b", Optional.empty());
    assertThat(table.isGone("x")).isTrue(); // me and a: 2 of 3
  }

  @Test
  void aLoneAgentNeverTakesOverFromAnOwnerItNeverHeard() {
    // alone (--run-alone, or everyone else silent): a crash and another mesh look the same
    table.markJoined();
    table.watch("x");
    for (int i = 0; i < 10; i++) {
      interval(List.of());
    }
    assertThat(table.missingPeers()).containsExactly("x");
    assertThat(table.isGone("x")).isFalse();

    // with one peer that does not hear it either, two of three (x counted) is a majority
    interval(List.of("a"));
    hears("a");
    assertThat(table.isGone("x")).isTrue();
  }

  @Test
  void theMinoritySideOfASplitNeverTakesOverAnUnheardOwner() {
    // me and a on one side; b, c, d (heard before the split) on the other; x claimed, unheard
    table.markJoined();
    interval(List.of("a", "b", "c", "d"));
    table.watch("x");
    for (int i = 0; i < 10; i++) {
      interval(List.of("a"));
    }
    assertThat(table.missingPeers()).containsExactly("b", "c", "d", "x");
    assertThat(table.isGone("x")).isFalse();
    assertThat(table.isGone("b")).isFalse();
    assertThat(table.anyGone()).isFalse();
  }

  @Test
  void manyLeftoverOwnersDoNotBlockTheMajorityForOthers() {
    table.markJoined();
    List.of("a", "b", "c").forEach(p -> hears(p));
    List.of("o1", "o2", "o3", "o4", "o5").forEach(table::watch);
    for (int i = 0; i < 3; i++) {
      interval(List.of("a", "b")); // c died
    }
    hears("a");
    hears("b");
    // live side me, a, b against the suspect c: a majority; the five owners do not count here
    assertThat(table.isGone("c")).isTrue();
    assertThat(table.isGone("o1")).isTrue();
    assertThat(table.isGone("o5")).isTrue();
  }

  @Test
  void heardPeersAreSaidOnlyAfterThreeIntervalsInTheMesh() {
    hears("a");
    assertThat(table.heardPeers()).isEmpty(); // not joined
    table.markJoined();
    table.watch("x");
    interval(List.of("a", "b"));
    interval(List.of("a", "b"));
    assertThat(table.heardPeers()).isEmpty(); // joined two intervals ago: b might be news
    interval(List.of("a", "b"));
    assertThat(table.heardPeers()).contains(List.of("a", "b")); // the watched x is not heard
  }

  @Test
  void anOwnerWhoseClaimEndedIsNoLongerWatched() {
    table.markJoined();
    table.watch("x");
    table.watch("y");
    table.keepWatching(Set.of("y"));
    for (int i = 0; i < 3; i++) {
      interval(List.of("a", "b"));
    }
    assertThat(table.refresh()).extracting(PeerTable.Change::peerId).containsOnly("y");
    assertThat(table.isGone("x")).isFalse();
    assertThat(table.isGone("y")).isTrue();
  }

  @Test
  void selfAndDepartedPeersAreNotWatched() {
    table.markJoined();
    hears("a");
    table.left("a", clock.instant());
    table.watch("a");
    table.watch("me");
    for (int i = 0; i < 3; i++) {
      interval(List.of("b", "c"));
    }
    assertThat(table.missingPeers()).isEmpty();
    assertThat(table.isGone("me")).isFalse();
    assertThat(table.isGone("a")).isTrue(); // by its goodbye, as before
  }
}
