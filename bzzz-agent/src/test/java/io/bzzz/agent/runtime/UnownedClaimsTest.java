package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnownedClaimsTest {
  private static final TaskRef TASK = new TaskRef("local", "o/r", 7);
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  private static Claim unsigned(int attempt) {
    return new Claim(7, "bzzz/task-7-a" + attempt, attempt, Optional.empty());
  }

  @Test
  void anUnsignedAttemptIsAbandonedOnlyAfterTheGraceAndASignatureResetsIt() {
    UnownedClaims claims = new UnownedClaims(Duration.ofSeconds(30));

    assertThat(claims.abandoned(TASK, unsigned(1), T0)).isFalse();
    assertThat(claims.abandoned(TASK, unsigned(1), T0.plusSeconds(29))).isFalse();
    assertThat(claims.abandoned(TASK, unsigned(1), T0.plusSeconds(30))).isTrue();

    // a new attempt starts its own grace
    assertThat(claims.abandoned(TASK, unsigned(2), T0.plusSeconds(31))).isFalse();
    // a signed claim is never abandoned and forgets the unsigned past
    Claim signed = new Claim(7, "bzzz/task-7-a2", 2, Optional.of(AgentIdentity.named("alice")));
    assertThat(claims.abandoned(TASK, signed, T0.plusSeconds(70))).isFalse();
    assertThat(claims.abandoned(TASK, unsigned(2), T0.plusSeconds(71))).isFalse();
  }

  @Test
  void forgottenWhenNoLongerClaimed() {
    UnownedClaims claims = new UnownedClaims(Duration.ofSeconds(30));
    claims.abandoned(TASK, unsigned(1), T0);
    claims.keepOnly("o/r", List.of());
    assertThat(claims.abandoned(TASK, unsigned(1), T0.plusSeconds(40)))
        .as("grace starts over")
        .isFalse();
  }

  @Test
  void theTakeOverAcceptsExactlyThatUnsignedAttempt() {
    var liveness = UnownedClaims.unsigned(unsigned(1));
    assertThat(liveness.isGone(unsigned(1))).isTrue();
    assertThat(liveness.isGone(unsigned(2))).isFalse();
    assertThat(
            liveness.isGone(
                new Claim(7, "bzzz/task-7", 1, Optional.of(AgentIdentity.named("late")))))
        .isFalse();
  }

  @Test
  void theGraceIsTwoConfirmationPeriodsButNeverShorterThanTheFloor() {
    assertThat(UnownedClaims.grace(Duration.ofSeconds(3))).isEqualTo(UnownedClaims.MIN_GRACE);
    assertThat(UnownedClaims.grace(Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(180));
  }
}
