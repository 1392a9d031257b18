package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.TaskRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnservedTasksTest {
  private static final Duration WAIT = Duration.ofSeconds(9);
  private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
  private static final TaskRef ONE = new TaskRef("gitea", "admin/r", 1);
  private static final TaskRef TWO = new TaskRef("gitea", "admin/r", 2);

  @Test
  void aTaskIsRipeOnlyOnceSeenUnservedForTheWholeWait() {
    UnservedTasks unserved = new UnservedTasks(WAIT);
    assertThat(unserved.ripe(ONE, List.of("a"), T0)).isFalse();
    assertThat(unserved.ripe(ONE, List.of("a"), T0.plusSeconds(8))).isFalse();
    assertThat(unserved.ripe(ONE, List.of("a"), T0.plusSeconds(9))).isTrue();
    assertThat(unserved.ripe(TWO, List.of("a"), T0.plusSeconds(9))).as("its own clock").isFalse();
  }

  @Test
  void aNewLiveMemberStartsEveryClockAgainADepartureDoesNot() {
    UnservedTasks unserved = new UnservedTasks(WAIT);
    unserved.ripe(ONE, List.of("a"), T0);
    assertThat(unserved.ripe(ONE, List.of("a", "b"), T0.plusSeconds(8))).isFalse();
    assertThat(unserved.ripe(ONE, List.of("a", "b"), T0.plusSeconds(16))).isFalse();
    assertThat(unserved.ripe(ONE, List.of("b", "a"), T0.plusSeconds(17)))
        .as("the same members in another order are no change")
        .isTrue();
    assertThat(unserved.ripe(ONE, List.of("b"), T0.plusSeconds(18)))
        .as("a member left: it could not have been the one able to do it")
        .isTrue();
    assertThat(unserved.ripe(ONE, List.of("b", "a"), T0.plusSeconds(19)))
        .as("it came back: a newcomer again")
        .isFalse();
  }

  @Test
  void aTaskSomeoneCouldDoMeanwhileStartsAgainWhenItIsUnservedOnceMore() {
    UnservedTasks unserved = new UnservedTasks(WAIT);
    unserved.ripe(ONE, List.of(), T0);
    unserved.ripe(TWO, List.of(), T0);
    unserved.keepOnly("admin/r", List.of(TWO));
    unserved.keepOnly("admin/other", List.of());
    assertThat(unserved.ripe(ONE, List.of(), T0.plusSeconds(10))).isFalse();
    assertThat(unserved.ripe(TWO, List.of(), T0.plusSeconds(10)))
        .as("another repository's poll forgets nothing here")
        .isTrue();
  }
}
