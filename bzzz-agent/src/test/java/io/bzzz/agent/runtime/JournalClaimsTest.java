package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.log.entry.EntryType;
import io.bzzz.log.entry.LogEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalClaimsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LogEntry entry(EntryType type, int attempt, String stage) {
    ObjectNode data = JSON.createObjectNode();
    data.putObject("task").put("tracker", "gitea").put("repository", "o/r").put("number", 1);
    data.put("attempt", attempt);
    data.put("branch", attempt == 1 ? "bzzz/task-1" : "bzzz/task-1-a" + attempt);
    if (stage != null) {
      data.put("stage", stage);
    }
    return new LogEntry(type, Instant.parse("2026-12-02T12:00:00Z"), data);
  }

  @Test
  void aClaimGivenAwayToAnIdlePeerEndsAndIsNotTakenOverAtRestart() {
    JournalClaims claims =
        JournalClaims.read(
            List.of(
                entry(EntryType.TASK_CLAIMED, 1, null),
                entry(EntryType.TASK_PROGRESS, 1, "offered"),
                entry(EntryType.TASK_PROGRESS, 1, "given_away")));
    assertThat(claims.open()).isEmpty();
    assertThat(claims.ended()).containsExactly("o/r#1@1");
  }

  @Test
  void anOfferAloneDoesNotEndTheClaim() {
    JournalClaims claims =
        JournalClaims.read(
            List.of(
                entry(EntryType.TASK_CLAIMED, 1, null),
                entry(EntryType.TASK_PROGRESS, 1, "offered")));
    assertThat(claims.open()).containsKey("o/r#1");
  }
}
