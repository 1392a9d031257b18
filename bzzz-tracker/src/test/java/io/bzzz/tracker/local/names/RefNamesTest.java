package io.bzzz.tracker.local.names;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The check-ref-format rules, one case per rule. */
class RefNamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "main",
        "bzzz/task-1",
        "feature/a.b/c_d-e",
        "v1.0",
        "0123456789abcdef0123456789abcdef01234567",
        "a@b",
        "x.locked",
        "a-",
      })
  void acceptsOrdinaryNames(String name) {
    assertThat(RefNames.problem(name)).as(name).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "../../../../etc/shadow",
        "a..b",
        "a/../b",
        "a@{1}",
        "@",
        "a b",
        "a~1",
        "a^",
        "a:b",
        "a?",
        "a*",
        "a[b",
        "a\\b",
        "a\u0000b",
        "a\tb",
        "a\u007fb",
        "é",
        "-delete",
        "/abs",
        "a//b",
        "trailing/",
        "x.lock",
        "a/b.lock/c",
        "end.",
        ".hidden",
        "a/.hidden",
      })
  void refusesWhatGitRefuses(String name) {
    assertThat(RefNames.problem(name)).as(name).isPresent();
  }

  @Test
  void refusesNullAndOverlongNames() {
    assertThat(RefNames.isValid(null)).isFalse();
    assertThat(RefNames.isValid("a".repeat(RefNames.MAX_LENGTH))).isTrue();
    assertThat(RefNames.isValid("a".repeat(RefNames.MAX_LENGTH + 1))).isFalse();
  }

  @Test
  void saysWhatIsWrong() {
    assertThat(RefNames.problem("../x")).hasValue("contains '..'");
    assertThat(RefNames.problem("a.lock")).hasValue("has a component ending with '.lock'");
  }
}
