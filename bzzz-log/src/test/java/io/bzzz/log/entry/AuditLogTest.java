package io.bzzz.log.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.log.LogOptions;
import io.bzzz.log.SignedLog;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.wire.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path dir;

  @Test
  void recordsTypedEntriesAsJsonBlocks() {
    Instant now = Instant.parse("2026-11-22T10:00:00.123456Z");
    try (SignedLog log =
        SignedLog.create(dir, KeyMode.MANIFEST, PrivateKey.generate(), LogOptions.NO_FSYNC)) {
      AuditLog audit = new AuditLog(log, InstantSource.fixed(now));
      assertThat(audit.record(EntryType.TASK_CLAIMED, Map.of("number", 7, "repo", "acme/site")))
          .isZero();
      assertThat(audit.record(EntryType.PEER_JOINED, Map.of("peer", "12D3KooWabc"))).isEqualTo(1);
      assertThat(new String(log.get(0), StandardCharsets.UTF_8))
          .startsWith(
              "{\"type\":\"task_claimed\",\"timestamp\":\"2026-11-22T10:00:00.123Z\",\"data\":{");
      LogEntry first = audit.get(0);
      assertThat(first.type()).isEqualTo(EntryType.TASK_CLAIMED);
      assertThat(first.timestamp()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123Z"));
      assertThat(first.data().get("number").asInt()).isEqualTo(7);
      assertThat(audit.entries(1))
          .extracting(LogEntry::type)
          .containsExactly(EntryType.PEER_JOINED);
    }
  }

  @Test
  void everyIssueTypeHasItsWireName() {
    assertThat(EntryType.values())
        .extracting(EntryType::wireName)
        .containsExactly(
            "task_claimed",
            "task_progress",
            "task_completed",
            "task_failed",
            "task_help_requested",
            "task_help_offered",
            "task_help_received",
            "plan_proposed",
            "objection_raised",
            "consensus_reached",
            "escalation",
            "peer_joined",
            "peer_left",
            "capability_broadcast",
            "network_event",
            "vote_cast",
            "plan_revised",
            "context_feedback",
            "message_observed");
  }

  @Test
  void rejectsBlocksThatAreNotEntries() {
    assertThatThrownBy(() -> LogEntry.decode("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(
            () ->
                LogEntry.decode(
                    "{\"type\":\"nope\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{}}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("unknown entry type 'nope'");
    assertThatThrownBy(
            () ->
                LogEntry.decode(
                    "{\"type\":\"escalation\",\"timestamp\":\"yesterday\",\"data\":{}}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("timestamp");
  }
}
