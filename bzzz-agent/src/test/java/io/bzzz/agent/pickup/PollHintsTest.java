package io.bzzz.agent.pickup;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.task.PollRota;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A flood of hints, forged or repeated, costs a bounded number of looks at the tracker. */
class PollHintsTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
  private final List<TaskHint> passed = new ArrayList<>();
  private final PollHints hints =
      new PollHints("gitea", Set.of("admin/demo"), now::get, new PickupMetrics(), passed::add);

  private static TaskHint hint(String repo, long n, String... labels) {
    return new TaskHint(
        new TaskRef("gitea", repo, n), List.of(labels), TaskHint.Origin.MESH, "12D3KooPeer");
  }

  @Test
  void onlyTasksOfWatchedRepositoriesPassAndEachOnceInAWhile() {
    assertThat(hints.offer(hint("other/repo", 1, "bzzz-task")))
        .isEqualTo(PollHints.Verdict.FOREIGN);
    assertThat(hints.offer(hint("admin/demo", 1, "question")))
        .isEqualTo(PollHints.Verdict.NOT_A_TASK);
    assertThat(hints.offer(hint("admin/demo", 1, "bzzz-task", "bzzz-claimed")))
        .as("an agent's own claim relabels the issue: no new task")
        .isEqualTo(PollHints.Verdict.NOT_A_TASK);
    assertThat(hints.offer(hint("Admin/Demo", 1, "BZZZ-TASK")))
        .isEqualTo(PollHints.Verdict.ACCEPTED);
    assertThat(hints.offer(hint("admin/demo", 1, "bzzz-task")))
        .isEqualTo(PollHints.Verdict.DUPLICATE);
    now.set(now.get().plus(PollHints.REPEAT_AFTER));
    assertThat(hints.offer(hint("admin/demo", 1, "bzzz-task")))
        .isEqualTo(PollHints.Verdict.ACCEPTED);
    assertThat(passed).hasSize(2);
  }

  @Test
  void aFloodIsCutToTheBurstThenToTheRate() {
    int accepted = 0;
    for (int n = 1; n <= 1000; n++) {
      if (hints.offer(hint("admin/demo", n, "bzzz-task")) == PollHints.Verdict.ACCEPTED) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(PollHints.BURST);
    now.set(now.get().plus(Duration.ofSeconds(10)));
    int later = 0;
    for (int n = 1001; n <= 2000; n++) {
      if (hints.offer(hint("admin/demo", n, "bzzz-task")) == PollHints.Verdict.ACCEPTED) {
        later++;
      }
    }
    assertThat(later).isEqualTo((int) (10 * PollHints.PER_SECOND));
    assertThat(passed).hasSize(accepted + later);
  }

  @Test
  void rankedPickupLetsOnlyTheFirstAgentLookAtOnce() {
    List<TaskHint> looked = new ArrayList<>();
    List<String> peers = List.of("12D3KooA", "12D3KooB", "12D3KooC", "12D3KooD");
    int first = 0;
    for (String self : peers) {
      List<String> others = peers.stream().filter(p -> !p.equals(self)).toList();
      try (RankedPickup r =
          new RankedPickup(
              self, labels -> others, () -> true, looked::add, InstantSource.system())) {
        int rank = r.rank(hint("admin/demo", 5, "bzzz-task"));
        if (rank == 0) {
          first++;
        }
        assertThat(rank).isBetween(0, peers.size() - 1);
      }
    }
    assertThat(first).as("exactly one agent is first for a task").isEqualTo(1);
  }

  @Test
  void aHintTheAgentCouldNotActOnDoesNotCountAsSeen() {
    java.util.concurrent.atomic.AtomicBoolean free =
        new java.util.concurrent.atomic.AtomicBoolean();
    List<TaskHint> acted = new ArrayList<>();
    PollHints gate =
        new PollHints(
            "gitea",
            Set.of("admin/demo"),
            now::get,
            new PickupMetrics(),
            h -> free.get() && acted.add(h));
    assertThat(gate.offer(hint("admin/demo", 1, "bzzz-task")))
        .as("passed on (a webhook's is still announced), but this agent was full")
        .isEqualTo(PollHints.Verdict.ACCEPTED);
    assertThat(acted).isEmpty();
    free.set(true);
    now.set(now.get().plusSeconds(1));
    assertThat(gate.offer(hint("admin/demo", 1, "bzzz-task")))
        .as("the next poll's share of the same task, once a slot is free")
        .isEqualTo(PollHints.Verdict.ACCEPTED);
    assertThat(gate.offer(hint("admin/demo", 1, "bzzz-task")))
        .as("acted on: a repeat is a duplicate again")
        .isEqualTo(PollHints.Verdict.DUPLICATE);
    assertThat(acted).hasSize(1);
  }

  @Test
  void aPollerThatSharesATaskItDoesNotTakeIsNotWaitedFor() {
    String poller = "12D3KooPoller";
    String self = "12D3KooSelf";
    long n = 1;
    while (!PollRota.ranked(new TaskRef("gitea", "admin/demo", n).toString(), List.of(poller, self))
        .getFirst()
        .equals(poller)) {
      n++; // a task for which the poller would come first
    }
    List<TaskHint> looked = new ArrayList<>();
    try (RankedPickup r =
        new RankedPickup(
            self, labels -> List.of(poller), () -> true, looked::add, InstantSource.system())) {
      TaskRef task = new TaskRef("gitea", "admin/demo", n);
      assertThat(r.rank(new TaskHint(task, List.of("bzzz-task"), TaskHint.Origin.MESH, poller)))
          .as("a webhook's announcer may take the task itself: second")
          .isEqualTo(1);
      TaskHint shared =
          new TaskHint(task, List.of("bzzz-task"), TaskHint.Origin.MESH, poller, true);
      assertThat(r.rank(shared)).as("a poller that passed: first").isZero();
      assertThat(r.available(shared)).isTrue();
      assertThat(looked).containsExactly(shared);
    }
  }

  @Test
  void aHintThatCameWhileFullIsLookedAtWhenASlotFreesUnlessClaimedOrOld() {
    java.util.concurrent.atomic.AtomicBoolean free =
        new java.util.concurrent.atomic.AtomicBoolean();
    List<TaskHint> looked = new ArrayList<>();
    try (RankedPickup r =
        new RankedPickup("12D3KooSelf", labels -> List.of(), free::get, looked::add, now::get)) {
      TaskHint one = hint("admin/demo", 1, "bzzz-task");
      TaskHint two = hint("admin/demo", 2, "bzzz-task");
      assertThat(r.available(one)).as("full: not acted on").isFalse();
      assertThat(r.available(two)).isFalse();
      r.claimedElsewhere(two.task());
      assertThat(looked).isEmpty();
      free.set(true);
      r.slotFreed();
      assertThat(looked).as("the freed slot goes to a task hinted meanwhile").containsExactly(one);
      r.slotFreed();
      assertThat(looked).as("#2 was heard claimed; #1 is taken out once").containsExactly(one);
      free.set(false);
      assertThat(r.available(hint("admin/demo", 3, "bzzz-task"))).isFalse();
      now.set(now.get().plus(MissedHints.KEEP).plusSeconds(1));
      free.set(true);
      r.slotFreed();
      assertThat(looked).as("too old: the next poll shares it again").containsExactly(one);
    }
  }
}
