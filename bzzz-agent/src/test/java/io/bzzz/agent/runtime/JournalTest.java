package io.bzzz.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.AgentConfigLoader;
import io.bzzz.agent.events.AgentEvent;
import io.bzzz.agent.events.EventHub;
import io.bzzz.agent.events.EventSubscription;
import io.bzzz.log.DamagedLogException;
import io.bzzz.log.LogOptions;
import io.bzzz.log.SignedLog;
import io.bzzz.log.entry.AuditLog;
import io.bzzz.log.entry.EntryType;
import io.bzzz.log.entry.LogEntry;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.storage.LogFiles;
import io.bzzz.p2p.crypto.PrivateKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal over a real signed log that cannot be written, and an agent over a damaged log. */
class JournalTest {
  @TempDir Path tmp;

  /**
   * The log's data file is {@code /dev/full}, so the append fails with a real ENOSPC. The journal
   * must stop and tell its owner once, and write nothing more, rather than carry on.
   */
  @Test
  void aFailedAppendStopsTheJournalAndTellsItsOwnerOnce() throws IOException {
    Path dir = tmp.resolve("log");
    SignedLog.create(dir, KeyMode.MANIFEST, PrivateKey.generate(), LogOptions.DEFAULT).close();
    Path data = dir.resolve(LogFiles.DATA);
    Files.delete(data);
    Files.createSymbolicLink(data, Path.of("/dev/full"));
    List<String> failures = new CopyOnWriteArrayList<>();
    try (SignedLog log = SignedLog.open(dir, LogOptions.DEFAULT);
        Journal journal =
            new Journal(
                new AuditLog(log, InstantSource.system()),
                new EventHub(InstantSource.system()),
                failures::add)) {
      journal.record(EntryType.PEER_JOINED, Map.of("node", "a"));
      journal.record(EntryType.PEER_JOINED, Map.of("node", "b"));

      assertThat(failures).hasSize(1);
      assertThat(failures.getFirst())
          .startsWith("cannot write to the signed log " + dir)
          .contains("the agent stops")
          .contains("bzzz log repair --dir " + dir);
      assertThat(journal.failure()).contains(failures.getFirst());
      assertThat(journal.length()).isZero();
    }
    assertThat(Files.readAllBytes(dir.resolve(LogFiles.HEAD))).containsOnly(0);
  }

  /**
   * Peer changes are noted from the mesh's receive thread, which must not wait for the disk: a
   * burst of notes and then an awaited record all reach the durable log, in the order they were
   * handed in, each announced once on the event feed with its length.
   */
  @Test
  void notesDoNotWaitAndAreWrittenInOrderBeforeALaterRecord() throws Exception {
    Path dir = tmp.resolve("log");
    EventHub events = new EventHub(InstantSource.system());
    int notes = 2000;
    try (SignedLog log =
            SignedLog.create(dir, KeyMode.MANIFEST, PrivateKey.generate(), LogOptions.DEFAULT);
        EventSubscription feed = events.subscribe(notes + 10);
        Journal journal = new Journal(new AuditLog(log, InstantSource.system()), events)) {
      for (int i = 0; i < notes; i++) {
        journal.note(EntryType.PEER_JOINED, Map.of("peer", "p" + i));
      }
      journal.record(EntryType.PEER_LEFT, Map.of("peer", "p0"));

      assertThat(journal.length()).isEqualTo(notes + 1);
      List<LogEntry> entries = new AuditLog(log, InstantSource.system()).entries(0);
      for (int i = 0; i < notes; i++) {
        assertThat(entries.get(i).type()).isEqualTo(EntryType.PEER_JOINED);
        assertThat(entries.get(i).data().path("peer").asText()).isEqualTo("p" + i);
      }
      assertThat(entries.getLast().type()).isEqualTo(EntryType.PEER_LEFT);
      for (long length = 1; length <= notes + 1; length++) {
        assertThat(feed.next(Duration.ofSeconds(5)).orElseThrow().event())
            .isEqualTo(
                new AgentEvent.LogAppended(length <= notes ? "peer_joined" : "peer_left", length));
      }
    }
  }

  /** An agent whose log lost acknowledged bytes does not start (and so cannot fork it). */
  @Test
  void anAgentDoesNotStartOverADamagedLog() throws IOException {
    Path logDir = tmp.resolve(".bzzz").resolve("log");
    try (SignedLog log =
        SignedLog.create(logDir, KeyMode.MANIFEST, PrivateKey.generate(), LogOptions.DEFAULT)) {
      log.append(
          List.of("a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8)));
    }
    Path data = logDir.resolve(LogFiles.DATA);
    byte[] bytes = Files.readAllBytes(data);
    Files.write(data, Arrays.copyOf(bytes, bytes.length - 1));
    Map<String, List<String>> flags = new HashMap<>();
    flags.put("tracker-url", List.of("http://127.0.0.1:3000"));
    flags.put("repo", List.of("demo/sample"));
    AgentConfig config =
        AgentConfigLoader.load(Optional.empty(), Map.of("HOME", tmp.toString()), flags);

    assertThatThrownBy(() -> Agent.create(config, "test").close())
        .isInstanceOf(DamagedLogException.class)
        .hasMessageContaining("data: has 1 bytes")
        .hasMessageContaining("bzzz log repair --dir " + logDir);
    assertThat(Files.readAllBytes(data)).hasSize(1);
  }
}
