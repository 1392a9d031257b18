package io.bzzz.agent.steal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.Payload.TaskOffer;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.TrackerException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link WorkStealing} with its ports in memory (the claim, the fence and the mesh are
 * the test's; {@code WorkStealingTest} in the runtime runs them for real).
 */
class WorkStealingRulesTest {
  private static final TaskRef TASK = new TaskRef("gitea", "o/r", 1);
  private static final StealSettings FAST =
      new StealSettings(true, Duration.ZERO, Duration.ofMillis(300));

  private final List<Payload> published = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> recorded = new CopyOnWriteArrayList<>();
  private final List<String> takes = new CopyOnWriteArrayList<>();
  private final AtomicReference<Double> load = new AtomicReference<>(0.95);
  private final AtomicBoolean peerCanTake = new AtomicBoolean(true);
  private final AtomicBoolean live = new AtomicBoolean(true);

  private WorkStealing stealing(String self) {
    return new WorkStealing(
        self,
        FAST,
        new WorkStealing.Ports(
            load::get,
            published::add,
            (task, offerer, attempt, deadline, won) -> {
              takes.add(offerer + "@" + attempt);
              won.accept(true);
            },
            (task, fields) -> recorded.add(fields),
            labels -> Optional.of(0.8),
            () -> 1,
            repo -> repo.equals("o/r"),
            task -> false,
            peer -> live.get(),
            labels -> peerCanTake.get()),
        InstantSource.system());
  }

  private static StartGate.Queued queued(Runnable fence) {
    return new StartGate.Queued(TASK, 1, "bzzz/task-1", List.of("bzzz-task"), fence, s -> {});
  }

  @Test
  void anOverloadedOwnerOffersAndDoesNotStartWhatAPeerTookOver() throws Exception {
    AtomicBoolean taken = new AtomicBoolean();
    Claim mine = new Claim(1, "bzzz/task-1", 1, Optional.empty());
    try (WorkStealing owner = stealing("owner")) {
      await().until(owner::overloaded);
      Thread peer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    await().until(() -> !published.isEmpty());
                    taken.set(true); // the peer's claim of attempt 2, then its announcement
                    owner.onMessage(
                        Envelope.of(
                            "taker",
                            Instant.now(),
                            new Payload.TaskClaimed(TASK, "taker", "bzzz/task-1-a2", 2)));
                  });
      assertThatThrownBy(
              () ->
                  owner.awaitStart(
                      queued(
                          () -> {
                            if (taken.get()) {
                              throw new TrackerException.Superseded(mine, 2);
                            }
                          })))
          .isInstanceOf(TrackerException.Superseded.class);
      peer.join();
      assertThat(published)
          .singleElement()
          .isInstanceOfSatisfying(
              TaskOffer.class,
              o -> {
                assertThat(o.offerer()).isEqualTo("owner");
                assertThat(o.attempt()).isEqualTo(1);
                assertThat(o.load()).isEqualTo(0.95);
              });
      assertThat(recorded).extracting(m -> m.get("stage")).containsExactly("offered", "given_away");
      assertThat(recorded.get(1)).containsEntry("by", "taker");
      assertThat(owner.counters().givenAway()).isEqualTo(1);
    }
  }

  @Test
  void anOwnerStartsAtOnceWhenNobodyCouldTakeItAndAfterItsLastUnansweredOffer() throws Exception {
    try (WorkStealing owner = stealing("owner")) {
      await().until(owner::overloaded);
      peerCanTake.set(false);
      owner.awaitStart(queued(() -> {}));
      assertThat(published).isEmpty();
      peerCanTake.set(true);
      owner.awaitStart(queued(() -> {})); // nobody answers: three offers, then it starts
      assertThat(published).hasSize(StealSettings.ROUNDS);
      load.set(0.1);
      await().until(() -> !owner.overloaded());
      owner.awaitStart(queued(() -> {}));
      assertThat(published).hasSize(StealSettings.ROUNDS);
    }
  }

  @Test
  void anIdleAgentTakesALivePeersOfferButNotAForgedOrALateOne() {
    load.set(0.05);
    try (WorkStealing taker = stealing("taker")) {
      await().until(() -> taker.load().isPresent());
      Instant deadline = Instant.now().plusSeconds(5);
      // sender is not the offerer: ignored
      taker.onMessage(
          Envelope.of(
              "mallory",
              Instant.now(),
              new TaskOffer(TASK, 1, "bzzz/task-1", "owner", "cpu", 0.9, List.of(), deadline)));
      assertThat(taker.counters().offersIgnored()).isEqualTo(1);
      // a peer that is not live: ignored
      live.set(false);
      taker.onMessage(offer("owner", TASK, deadline));
      assertThat(taker.counters().offersIgnored()).isEqualTo(2);
      live.set(true);
      taker.onMessage(offer("owner", TASK, deadline));
      await().until(() -> takes.size() == 1);
      assertThat(takes).containsExactly("owner@1");
      await().until(() -> taker.counters().taken() == 1);
      assertThat(recorded)
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m).containsEntry("stage", "taken_over").containsEntry("attempt", 2);
                assertThat(m).containsEntry("from", "owner");
              });
      // attempt 2 was claimed already (heard): an offer of attempt 1 is not taken
      TaskRef other = new TaskRef("gitea", "o/r", 2);
      taker.onMessage(
          Envelope.of(
              "someone",
              Instant.now(),
              new Payload.TaskClaimed(other, "someone", "bzzz/task-2-a2", 2)));
      taker.onMessage(offer("owner", other, deadline));
      // a repository this agent does not watch
      taker.onMessage(offer("owner", new TaskRef("gitea", "x/y", 3), deadline));
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> takes.size() == 1);
      assertThat(taker.counters().offersReceived()).isEqualTo(5);
    }
  }

  private static Envelope offer(String from, TaskRef task, Instant deadline) {
    return Envelope.of(
        from,
        Instant.now(),
        new TaskOffer(
            task, 1, "bzzz/task-" + task.number(), from, "cpu", 0.9, List.of(), deadline));
  }
}
