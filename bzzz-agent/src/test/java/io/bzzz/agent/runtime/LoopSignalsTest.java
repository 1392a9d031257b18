package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.TaskRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the loop is asked between polls, and in which order. */
class LoopSignalsTest {
  private static final TaskRef TASK = new TaskRef("gitea", "demo/sample", 3);

  @Test
  void aStopComesBeforeWaitingHandOversAndStays() throws InterruptedException {
    LoopSignals signals = new LoopSignals();
    signals.takeOver(TASK, "peer-a");
    signals.pollNow();
    signals.stopClaiming("log failed");

    assertThat(signals.next(Duration.ZERO)).contains(new LoopSignals.StopClaiming("log failed"));
    // a stop is a state, not a message: asking again still says stop
    assertThat(signals.next(Duration.ZERO)).contains(new LoopSignals.StopClaiming("log failed"));
  }

  @Test
  void handOversComeBeforeAPollAndSeveralPollsMakeOne() throws InterruptedException {
    LoopSignals signals = new LoopSignals();
    signals.pollNow();
    signals.pollNow();
    signals.takeOver(TASK, "peer-a");

    assertThat(signals.next(Duration.ZERO)).contains(new LoopSignals.TakeOver(TASK, "peer-a"));
    assertThat(signals.next(Duration.ZERO)).contains(new LoopSignals.PollNow());
    assertThat(signals.next(Duration.ZERO)).isEmpty();
  }

  @Test
  void aStopWakesAWaitingLoop() throws InterruptedException {
    LoopSignals signals = new LoopSignals();
    Thread.ofVirtual().start(() -> signals.stopClaiming("log failed"));
    assertThat(signals.next(Duration.ofMinutes(1)))
        .contains(new LoopSignals.StopClaiming("log failed"));
  }

  @Test
  void claimingWaitsUntilTheAgentHasJoined() throws InterruptedException {
    LoopSignals signals = new LoopSignals();
    Thread joiner = Thread.ofVirtual().unstarted(signals::joined);
    java.util.concurrent.CompletableFuture<Boolean> waited =
        new java.util.concurrent.CompletableFuture<>();
    Thread loop =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    waited.complete(signals.awaitJoined());
                  } catch (InterruptedException e) {
                    waited.completeExceptionally(e);
                  }
                });
    assertThat(waited).isNotDone();
    joiner.start();
    loop.join(Duration.ofMinutes(1));
    assertThat(waited).isCompletedWithValue(true);
    assertThat(signals.awaitJoined()).isTrue(); // a state: asking again does not wait
  }

  @Test
  void aStopEndsTheWaitToJoin() throws InterruptedException {
    LoopSignals signals = new LoopSignals();
    Thread.ofVirtual().start(() -> signals.stopClaiming("log failed"));
    assertThat(signals.awaitJoined()).isFalse();
  }
}
