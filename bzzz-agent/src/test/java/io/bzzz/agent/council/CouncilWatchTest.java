package io.bzzz.agent.council;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an observer (the monitor) makes of the councils topic's messages, in the order they come.
 */
class CouncilWatchTest {
  private static final Instant DEADLINE = Instant.parse("2026-12-03T10:01:00Z");

  private static CouncilMessage.Opportunity opportunity(int attempt) {
    return new CouncilMessage.Opportunity(
        "7",
        "Greeter",
        "admin/demo",
        7,
        List.of("architect", "coder"),
        List.of("tester"),
        DEADLINE,
        "architect",
        attempt,
        Map.of());
  }

  @Test
  void rolesHoldersAndStateFollowTheMessages() {
    CouncilWatch watch = new CouncilWatch();
    watch.observe(opportunity(1));
    watch.observe(new CouncilMessage.RoleClaimed("7", "admin/demo", "architect", 1, "Qm1", "a1"));

    CouncilView forming = watch.council("admin/demo", 7).orElseThrow();
    assertThat(forming.project()).isEqualTo("Greeter");
    assertThat(forming.state()).isEqualTo(CouncilState.FORMING);
    assertThat(forming.members()).containsOnlyKeys("architect");
    assertThat(forming.missing()).containsExactly("coder");
    assertThat(forming.deadline()).contains(DEADLINE);

    watch.observe(
        new CouncilMessage.Status(
            "7",
            "admin/demo",
            CouncilState.FORMED,
            Map.of(
                "architect", new CouncilMessage.Member("Qm1", "a1"),
                "coder", new CouncilMessage.Member("Qm2", "a2")),
            List.of(),
            1));
    CouncilView formed = watch.councils().getFirst();
    assertThat(formed.state()).isEqualTo(CouncilState.FORMED);
    assertThat(formed.members().get("coder").name()).isEqualTo("a2");
    assertThat(formed.missing()).isEmpty();
    assertThat(formed.coreRoles()).containsExactly("architect", "coder");
    assertThat(watch.isMember("admin/demo", 7)).isFalse();
  }

  @Test
  void aNewAttemptStartsOverAndAnEarlierAttemptsSeatIsIgnored() {
    CouncilWatch watch = new CouncilWatch();
    watch.observe(opportunity(1));
    watch.observe(new CouncilMessage.RoleClaimed("7", "admin/demo", "architect", 1, "Qm1", "a1"));
    watch.observe(
        new CouncilMessage.Status(
            "7", "admin/demo", CouncilState.FAILED, Map.of(), List.of("coder"), 1));
    watch.observe(opportunity(2));
    watch.observe(new CouncilMessage.RoleClaimed("7", "admin/demo", "coder", 1, "Qm9", "late"));

    CouncilView again = watch.council("admin/demo", 7).orElseThrow();
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.state()).isEqualTo(CouncilState.FORMING);
    assertThat(again.members()).isEmpty();
    assertThat(again.missing()).containsExactly("architect", "coder");
  }

  @Test
  void anObserverFormsNothingAndKeepsABoundedNumberOfCouncils() {
    CouncilWatch watch = new CouncilWatch();
    assertThat(watch.forms()).isFalse();
    assertThatThrownBy(() -> watch.form(null, null))
        .isInstanceOf(UnsupportedOperationException.class);
    for (int n = 1; n <= CouncilWatch.MAX_COUNCILS + 10; n++) {
      watch.observe(
          new CouncilMessage.Status(
              Integer.toString(n), "admin/demo", CouncilState.FORMING, Map.of(), List.of(), 1));
    }
    watch.observe(
        new CouncilMessage.Status(
            "not-a-number", "admin/demo", CouncilState.FORMED, Map.of(), List.of(), 1));
    assertThat(watch.councils()).hasSize(CouncilWatch.MAX_COUNCILS);
    assertThat(watch.council("admin/demo", 1)).as("the oldest brief went first").isEmpty();
    assertThat(watch.council("admin/demo", CouncilWatch.MAX_COUNCILS + 10)).isPresent();
  }
}
