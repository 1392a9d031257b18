package io.bzzz.agent.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.HelpRelay.Decision;
import io.bzzz.agent.coordination.HelpRelay.Forward;
import io.bzzz.agent.coordination.HelpRelay.Ignore;
import io.bzzz.agent.coordination.HelpRelay.Respond;
import io.bzzz.agent.coordination.HelpRounds.GiveUp;
import io.bzzz.agent.coordination.HelpRounds.Publish;
import io.bzzz.agent.coordination.Payload.TaskHelpRequest;
import io.bzzz.agent.coordination.Payload.TaskHelpResponse;
import io.bzzz.agent.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HelpTest {
  static final TaskRef TASK = new TaskRef("local", "demo/sample", 9);
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  final MessageCodec codec = new MessageCodec();

  Envelope request(String id, int hops, List<String> required) {
    return new Envelope(
        "owner",
        clock.instant(),
        hops,
        new TaskHelpRequest(id, TASK, "needs a gpu", required, "owner"));
  }

  @Test
  void aPeerWithTheCapabilitiesAnswers() {
    HelpRelay c = new HelpRelay("C", Set.of("gpu", "git")::containsAll, clock);
    Decision d = c.onRequest(request("r1", 0, List.of("gpu")));

    assertThat(d).isInstanceOf(Respond.class);
    TaskHelpResponse resp = (TaskHelpResponse) ((Respond) d).response().data();
    assertThat(resp.requestId()).isEqualTo("r1");
    assertThat(resp.responder()).isEqualTo("C");
    assertThat(resp.canHelp()).isTrue();
    assertThat(resp.task()).isEqualTo(TASK);
  }

  @Test
  void aPeerWithoutForwardsWithOneMoreHopAndKeepsTheOrigin() {
    HelpRelay b = new HelpRelay("B", Set.of("git")::containsAll, clock);
    Decision d = b.onRequest(request("r1", 1, List.of("gpu")));

    assertThat(d).isInstanceOf(Forward.class);
    Envelope fwd = ((Forward) d).forwarded();
    assertThat(fwd.hopCount()).isEqualTo(2);
    assertThat(fwd.from()).isEqualTo("B");
    assertThat(((TaskHelpRequest) fwd.data()).origin()).isEqualTo("owner");
  }

  @Test
  void duplicatesAreIgnoredEvenWhenTheyComeBackForwarded() {
    HelpRelay b = new HelpRelay("B", Set.of()::containsAll, clock);
    Forward first = (Forward) b.onRequest(request("r1", 0, List.of("gpu")));
    assertThat(b.onRequest(first.forwarded())).isInstanceOf(Ignore.class);
    assertThat(b.onRequest(request("r1", 0, List.of("gpu"))))
        .isEqualTo(new Ignore("duplicate request r1"));
    assertThat(b.onRequest(request("r2", 0, List.of("gpu")))).isInstanceOf(Forward.class);
  }

  @Test
  void requestsStopAfterThreeHops() {
    HelpRelay b = new HelpRelay("B", Set.of()::containsAll, clock);
    assertThat(b.onRequest(request("r2", 2, List.of("gpu")))).isInstanceOf(Forward.class);
    assertThat(b.onRequest(request("r3", 3, List.of("gpu")))).isInstanceOf(Ignore.class);
    HelpRelay c = new HelpRelay("C", Set.of("gpu")::containsAll, clock);
    assertThat(c.onRequest(request("r3", 3, List.of("gpu")))).isInstanceOf(Respond.class);
    assertThat(c.onRequest(request("r4", 4, List.of("gpu"))))
        .isEqualTo(new Ignore("dropped after 3 hops"));
  }

  @Test
  void aChainOfPeersWithoutTheCapabilityEndsAtTheHopLimit() throws Exception {
    // Five relays in a line, none able to help: the request travels three forwards, no more.
    Envelope msg = request("chain", 0, List.of("gpu"));
    int forwards = 0;
    for (int i = 0; i < 5; i++) {
      HelpRelay relay = new HelpRelay("R" + i, required -> false, clock);
      Decision d = relay.onRequest(codec.decode(codec.encode(msg)));
      if (!(d instanceof Forward f)) {
        break;
      }
      forwards++;
      msg = f.forwarded();
    }
    assertThat(forwards).isEqualTo(3);
  }

  @Test
  void ourOwnRequestIsNeverAnsweredByUs() {
    HelpRelay owner = new HelpRelay("owner", Set.of("gpu")::containsAll, clock);
    assertThat(owner.onRequest(request("r1", 0, List.of("gpu"))))
        .isEqualTo(new Ignore("our own request"));
  }

  @Test
  void seenIdsExpireAndTheCacheIsBounded() {
    SeenCache seen = new SeenCache(3, Duration.ofMinutes(1), clock);
    assertThat(seen.add("a")).isTrue();
    assertThat(seen.add("a")).isFalse();
    clock.advance(Duration.ofSeconds(61));
    assertThat(seen.add("a")).isTrue();
    seen.add("b");
    seen.add("c");
    seen.add("d");
    assertThat(seen.size()).isEqualTo(3);
    assertThat(seen.contains("a")).isFalse();
    assertThat(seen.contains("d")).isTrue();
  }

  @Test
  void roundsEndInAHandOverToTheFirstYes() {
    AtomicInteger ids = new AtomicInteger();
    List<String> events = new java.util.ArrayList<>();
    HelpRounds rounds =
        new HelpRounds(
            "owner",
            clock,
            () -> "req-" + ids.incrementAndGet(),
            Duration.ofMinutes(1),
            events::add);
    Publish p = rounds.start(TASK, "timed out", List.of("gpu"));
    String id = ((TaskHelpRequest) p.request().data()).requestId();
    assertThat(p.request().hopCount()).isZero();

    assertThat(rounds.onResponse(new TaskHelpResponse(id, TASK, "B", false, List.of()))).isEmpty();
    assertThat(rounds.onResponse(new TaskHelpResponse("stale", TASK, "C", true, List.of())))
        .isEmpty();
    assertThat(rounds.onResponse(new TaskHelpResponse(id, TASK, "C", true, List.of("gpu"))))
        .contains(new HelpRounds.HandOver(TASK, "C"));
    assertThat(rounds.openCount()).isZero();
    assertThat(events).containsExactly(HelpRounds.REQUESTED, HelpRounds.ANSWERED);
  }

  @Test
  void threeUnansweredRoundsGiveUp() {
    AtomicInteger ids = new AtomicInteger();
    List<String> events = new java.util.ArrayList<>();
    HelpRounds rounds =
        new HelpRounds(
            "owner",
            clock,
            () -> "req-" + ids.incrementAndGet(),
            Duration.ofMinutes(1),
            events::add);
    rounds.start(TASK, "needs gpu", List.of("gpu"));
    assertThat(rounds.tick()).isEmpty();

    clock.advance(Duration.ofMinutes(1));
    List<HelpRounds.Action> second = rounds.tick();
    assertThat(second).singleElement().isInstanceOf(Publish.class);
    assertThat(rounds.currentRequest(TASK)).contains("req-2");

    clock.advance(Duration.ofMinutes(1));
    assertThat(rounds.tick()).singleElement().isInstanceOf(Publish.class);

    clock.advance(Duration.ofMinutes(1));
    List<HelpRounds.Action> last = rounds.tick();
    assertThat(last).singleElement().isInstanceOf(GiveUp.class);
    assertThat(((GiveUp) last.getFirst()).reason()).contains("after 3 help requests");
    assertThat(rounds.openCount()).isZero();
    // what /metrics counts (bzzz_help_rounds_total{event})
    assertThat(events)
        .containsExactly(
            HelpRounds.REQUESTED, HelpRounds.REQUESTED, HelpRounds.REQUESTED, HelpRounds.ESCALATED);
  }
}
