package io.bzzz.agent.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.Payload.AvailabilityBroadcast;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.exec.TaskDetails;
import io.bzzz.agent.testing.MutableClock;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BodyEdits;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskState;
import io.bzzz.tracker.client.TrackerKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrackerGlueTest {
  final Task task =
      new Task(
          "http://127.0.0.1:3000",
          RepoRef.parse("demo/sample"),
          7,
          "Title",
          "Body",
          "alice",
          List.of("bzzz-task", "needs:gpu"),
          TaskState.OPEN,
          List.of(),
          "http://127.0.0.1:3000/demo/sample/issues/7",
          BodyEdits.never());

  @Test
  void translatesTasksForExecutorsAndTheMesh() {
    Claim claim = new Claim(7, "bzzz/task-7-a2", 2, Optional.empty());
    TaskDetails d = TrackerTasks.details(task, claim, TrackerKind.GITHUB);
    assertThat(d)
        .isEqualTo(
            new TaskDetails(
                "github",
                "demo/sample",
                7,
                "Title",
                "Body",
                "alice",
                List.of("bzzz-task", "needs:gpu"),
                "http://127.0.0.1:3000/demo/sample/issues/7",
                "bzzz/task-7-a2",
                Optional.of(List.of()),
                List.of()));
    assertThat(TrackerTasks.ref(task, TrackerKind.GITHUB))
        .isEqualTo(new TaskRef("github", "demo/sample", 7));
    assertThat(TrackerTasks.ref(task, TrackerKind.GITEA))
        .isEqualTo(new TaskRef("gitea", "demo/sample", 7));
  }

  @Test
  void aClaimIsReclaimableOnlyWhenItsOwnerIsConfirmedGone() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    PeerTable peers = new PeerTable("me", Duration.ofSeconds(30), clock);
    MeshLiveness liveness = new MeshLiveness(peers);
    for (String p : List.of("owner", "b", "c")) {
      hear(peers, clock, p);
    }
    Claim claim =
        new Claim(
            7,
            "bzzz/task-7",
            1,
            Optional.of(new AgentIdentity("o", Optional.of("owner"), Optional.empty())));
    Claim anonymous = new Claim(7, "bzzz/task-7", 1, Optional.of(AgentIdentity.named("human")));
    assertThat(liveness.isGone(claim)).isFalse();

    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(30));
      hear(peers, clock, "b", "owner");
      hear(peers, clock, "c", "owner");
    }
    assertThat(liveness.isGone(claim)).isTrue();
    assertThat(liveness.isGone(anonymous)).isFalse();
  }

  @Test
  void aClaimWhoseOwnerNobodyEverHeardIsReclaimableOnceWatchedAndConfirmed() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    PeerTable peers = new PeerTable("me", Duration.ofSeconds(30), clock);
    MeshLiveness liveness = new MeshLiveness(peers);
    peers.markJoined();
    hear(peers, clock, "b");
    Claim claim =
        new Claim(
            7,
            "bzzz/task-7",
            1,
            Optional.of(new AgentIdentity("o", Optional.of("stranger"), Optional.empty())));
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(30));
      hear(peers, clock, "b", "stranger");
    }
    assertThat(liveness.isGone(claim)).isFalse(); // not watched: the table never saw it

    peers.watch("stranger"); // the task loop read the claim from the tracker
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(30));
      hear(peers, clock, "b", "stranger");
    }
    assertThat(liveness.isGone(claim)).isTrue();
  }

  @Test
  void aClaimIsReclaimableAtOnceWhenItsOwnerSaidGoodbye() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    PeerTable peers = new PeerTable("me", Duration.ofSeconds(30), clock);
    MeshLiveness liveness = new MeshLiveness(peers);
    hear(peers, clock, "owner");
    hear(peers, clock, "b");
    Claim claim =
        new Claim(
            7,
            "bzzz/task-7",
            1,
            Optional.of(new AgentIdentity("o", Optional.of("owner"), Optional.empty())));
    assertThat(liveness.isGone(claim)).isFalse();

    peers.left("owner", clock.instant()); // its interrupted task's claim stays on the tracker

    assertThat(liveness.isGone(claim)).isTrue();
  }

  private static void hear(PeerTable peers, MutableClock clock, String peer, String... missing) {
    peers.observe(
        Envelope.of(
            peer,
            clock.instant(),
            AvailabilityBroadcast.of(
                peer, 0, 1, clock.instant(), clock.instant(), List.of(missing))));
  }
}
