package io.bzzz.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventHubTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private final EventHub hub = new EventHub(InstantSource.fixed(T0));

  private static AgentEvent log(long n) {
    return new AgentEvent.LogAppended("task_claimed", n);
  }

  @Test
  void everySubscriberGetsEveryEventInPublicationOrder() throws Exception {
    try (EventSubscription a = hub.subscribe(16);
        EventSubscription b = hub.subscribe(16)) {
      for (int i = 1; i <= 5; i++) {
        hub.publish(log(i));
      }
      for (EventSubscription s : List.of(a, b)) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          StampedEvent e = s.next(Duration.ofSeconds(5)).orElseThrow();
          assertThat(e.time()).isEqualTo(T0);
          assertThat(((AgentEvent.LogAppended) e.event()).length()).isEqualTo(e.seq());
          seqs.add(e.seq());
        }
        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(s.next(Duration.ZERO)).isEmpty();
      }
    }
    assertThat(hub.subscriberCount()).isZero();
  }

  @Test
  void aSubscriberSeesOnlyWhatIsPublishedAfterItSubscribed() throws Exception {
    hub.publish(log(1));
    try (EventSubscription s = hub.subscribe(4)) {
      hub.publish(log(2));
      assertThat(s.next(Duration.ofSeconds(5)).orElseThrow().seq()).isEqualTo(2);
    }
  }

  @Test
  void aSubscriberThatFallsBehindIsDroppedWithoutSlowingTheOthers() throws Exception {
    AtomicInteger dropActions = new AtomicInteger();
    try (EventSubscription slow = hub.subscribe(3, dropActions::incrementAndGet);
        EventSubscription fast = hub.subscribe(100)) {
      for (int i = 1; i <= 10; i++) {
        hub.publish(log(i)); // returns at once though nobody reads "slow"
      }
      assertThat(slow.dropped()).isTrue();
      assertThat(slow.isClosed()).isTrue();
      assertThat(dropActions).hasValue(1);
      assertThat(slow.next(Duration.ZERO)).isEmpty(); // its backlog is discarded
      assertThat(hub.subscriberCount()).isEqualTo(1);
      for (long i = 1; i <= 10; i++) {
        assertThat(fast.next(Duration.ofSeconds(5)).map(StampedEvent::seq)).hasValue(i);
      }
      assertThat(fast.dropped()).isFalse();
    }
  }

  @Test
  void closingWakesAReaderWaitingForTheNextEvent() throws Exception {
    EventSubscription s = hub.subscribe(4);
    CountDownLatch returned = new CountDownLatch(1);
    List<Optional<StampedEvent>> got = new ArrayList<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    got.add(s.next(Duration.ofMinutes(5)));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  returned.countDown();
                });
    s.close();
    assertThat(returned.await(30, TimeUnit.SECONDS)).isTrue();
    reader.join();
    assertThat(got).containsExactly(Optional.empty());
    assertThat(s.dropped()).isFalse();
    hub.publish(log(1)); // nobody left to receive it; no error
    assertThat(hub.lastSeq()).isEqualTo(1);
  }
}
