package io.bzzz.agent.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.Payload.AvailabilityBroadcast;
import io.bzzz.agent.coordination.Payload.TaskClaimed;
import io.bzzz.agent.coordination.Payload.TaskHelpRequest;
import io.bzzz.agent.coordination.Payload.TaskHelpResponse;
import io.bzzz.agent.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Several coordinators joined by an in-memory flood mesh that the test drains step by step. */
class CoordinatorTest {
  static final TaskRef TASK = new TaskRef("local", "demo/sample", 4);
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  final Topics topics = Topics.Profile.BZZZ.topics();
  final Map<String, Coordinator> nodes = new LinkedHashMap<>();
  final Map<String, Recorder> heard = new LinkedHashMap<>();
  final Deque<Object[]> wire = new ArrayDeque<>();
  final List<String> published = new ArrayList<>();
  final AtomicInteger ids = new AtomicInteger();

  static final class Recorder implements CoordinationListener {
    final List<Envelope> messages = new ArrayList<>();
    final List<HelpRounds.HandOver> handOvers = new ArrayList<>();
    final List<HelpRounds.GiveUp> giveUps = new ArrayList<>();
    final List<PeerTable.Change> changes = new ArrayList<>();

    @Override
    public void onMessage(String topic, Envelope e) {
      messages.add(e);
    }

    @Override
    public void onHandOver(HelpRounds.HandOver h) {
      handOvers.add(h);
    }

    @Override
    public void onGiveUp(HelpRounds.GiveUp g) {
      giveUps.add(g);
    }

    @Override
    public void onPeerChange(PeerTable.Change c) {
      changes.add(c);
    }
  }

  Coordinator node(String id, Set<String> capabilities) {
    Recorder r = new Recorder();
    Coordinator c =
        new Coordinator(
            id,
            new MessageCodec(),
            new MeshOutbox(
                id,
                topics,
                new MessageCodec(),
                (topic, bytes) -> {
                  wire.add(new Object[] {id, topic, bytes});
                  published.add(id + " " + new String(bytes, StandardCharsets.UTF_8));
                },
                clock,
                (topic, envelope) -> {}),
            new PeerTable(id, Duration.ofSeconds(30), clock),
            new HelpRelay(id, capabilities::containsAll, clock),
            new HelpRounds(id, clock, () -> "req-" + ids.incrementAndGet(), Duration.ofMinutes(1)),
            r);
    nodes.put(id, c);
    heard.put(id, r);
    return c;
  }

  /** Delivers every queued message to every other node (gossipsub floods a topic). */
  void drain() {
    while (!wire.isEmpty()) {
      Object[] m = wire.poll();
      nodes.forEach(
          (id, c) -> {
            if (!id.equals(m[0])) {
              c.onMessage((String) m[1], (byte[]) m[2]);
            }
          });
    }
  }

  @Test
  void helpIsAnsweredByThePeerWithTheCapabilityAndHandedOver() throws Exception {
    Coordinator a = node("A", Set.of("git"));
    node("B", Set.of("git"));
    node("C", Set.of("git", "needs:gpu"));

    a.askForHelp(TASK, "needs a GPU", List.of("needs:gpu"));
    drain();

    assertThat(heard.get("A").handOvers).containsExactly(new HelpRounds.HandOver(TASK, "C"));
    // B could not help: it forwarded once; C answered once, the forwarded copy was a duplicate.
    long forwards =
        published.stream()
            .filter(p -> p.startsWith("B ") && p.contains("task_help_request"))
            .count();
    long answers =
        published.stream()
            .filter(p -> p.startsWith("C ") && p.contains("task_help_response"))
            .count();
    assertThat(forwards).isEqualTo(1);
    assertThat(answers).isEqualTo(1);
    assertThat(a.openHelpRequests()).isZero();
    assertThat(a.counters().sentByTopic()).containsEntry("bzzz/coordination/v1", 1L);
  }

  @Test
  void unansweredHelpGivesUpAfterThreeRounds() throws Exception {
    Coordinator a = node("A", Set.of());
    node("B", Set.of());

    a.askForHelp(TASK, "timed out", List.of("needs:gpu"));
    drain();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(1));
      a.tick();
      drain();
    }

    assertThat(heard.get("A").giveUps).hasSize(1);
    assertThat(heard.get("A").giveUps.getFirst().task()).isEqualTo(TASK);
    long requests =
        published.stream()
            .filter(p -> p.startsWith("A ") && p.contains("task_help_request"))
            .count();
    assertThat(requests).isEqualTo(3);
  }

  @Test
  void messagesReachTheListenerAndThePeerTable() throws Exception {
    Coordinator a = node("A", Set.of());
    Coordinator b = node("B", Set.of());
    b.publish(AvailabilityBroadcast.of("B", 1, 2, clock.instant(), clock.instant(), List.of()));
    b.publish(new TaskClaimed(TASK, "B", "bzzz/task-4", 1));
    drain();

    assertThat(heard.get("A").messages)
        .extracting(Envelope::type)
        .containsExactly("availability_broadcast", "task_claimed");
    assertThat(a.peers().livePeers()).containsExactly("B");
    assertThat(heard.get("A").changes).extracting(PeerTable.Change::peerId).containsExactly("B");
    assertThat(a.counters().receivedByTopic()).containsEntry("bzzz/coordination/v1", 2L);
  }

  @Test
  void aGoodbyeDropsThePeerAtOnceButOnlyFromItsOwnAuthor() throws Exception {
    Coordinator a = node("A", Set.of());
    Coordinator b = node("B", Set.of());
    node("C", Set.of());
    b.publish(AvailabilityBroadcast.of("B", 0, 1, clock.instant(), clock.instant(), List.of()));
    drain();
    assertThat(a.peers().livePeers()).containsExactly("B");
    byte[] goodbye =
        new MessageCodec()
            .encode(
                Envelope.of(
                    "B",
                    clock.instant(),
                    AvailabilityBroadcast.goodbye("B", 1, clock.instant(), clock.instant())));
    assertThat(new String(goodbye, StandardCharsets.UTF_8))
        .contains("\"leaving\":true", "\"available_for_work\":false", "\"current_tasks\":0");

    // C cannot say goodbye for B: gossipsub's signature names C as the author
    a.onMessage("bzzz/coordination/v1", goodbye, java.util.Optional.of("C"));
    assertThat(a.peers().livePeers()).containsExactly("B");

    a.onMessage("bzzz/coordination/v1", goodbye, java.util.Optional.of("B"));
    assertThat(a.peers().peers()).isEmpty();
    assertThat(a.peers().isGone("B")).isTrue();
    assertThat(heard.get("A").changes)
        .last()
        .isEqualTo(
            new PeerTable.Change(
                "B",
                java.util.Optional.of(PeerTable.State.LIVE),
                PeerTable.State.GONE,
                PeerTable.Reason.GOODBYE));
  }

  @Test
  void aVoteSignedByAnotherPeerIsDropped() throws Exception {
    Coordinator a = node("A", Set.of());
    // C forges B's objection to A's plan: the envelope says B, gossipsub's signature says C
    byte[] forged =
        new MessageCodec()
            .encode(
                Envelope.of(
                    "B",
                    clock.instant(),
                    new Payload.MetaDiscussion(
                        TASK,
                        "objection",
                        "forged",
                        java.util.Optional.of(Payload.Round.vote(1, "A")))));
    a.onMessage("antennae/meta-discussion/v1", forged, java.util.Optional.of("C"));
    assertThat(heard.get("A").messages).isEmpty();
    assertThat(a.peers().peers()).isEmpty();

    a.onMessage("antennae/meta-discussion/v1", forged, java.util.Optional.of("B"));
    assertThat(heard.get("A").messages).hasSize(1);
  }

  @Test
  void malformedInputIsCountedAndDropped() {
    Coordinator a = node("A", Set.of());
    a.onMessage("bzzz/coordination/v1", "{\"type\":".getBytes(StandardCharsets.UTF_8));
    a.onMessage("bzzz/coordination/v1", new byte[] {(byte) 0xff, 0x00});
    assertThat(a.counters().malformedCount()).isEqualTo(2);
    assertThat(heard.get("A").messages).isEmpty();
  }

  @Test
  void aStaleYesToAnOldRoundDoesNotHandOver() throws Exception {
    Coordinator a = node("A", Set.of());
    a.askForHelp(TASK, "x", List.of("needs:gpu"));
    String first =
        ((TaskHelpRequest) new MessageCodec().decode((byte[]) wire.peek()[2]).data()).requestId();
    wire.clear();
    clock.advance(Duration.ofMinutes(1));
    a.tick(); // round 2 with a new id
    wire.clear();
    a.onMessage(
        "bzzz/coordination/v1",
        new MessageCodec()
            .encode(
                Envelope.of(
                    "C",
                    clock.instant(),
                    new TaskHelpResponse(first, TASK, "C", true, List.of("needs:gpu")))));
    assertThat(heard.get("A").handOvers).isEmpty();
  }
}
