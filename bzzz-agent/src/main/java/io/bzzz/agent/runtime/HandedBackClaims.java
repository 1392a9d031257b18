package io.bzzz.agent.runtime;

import io.bzzz.log.entry.EntryType;
import io.bzzz.tracker.Claim;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims this agent gave back because the infrastructure failed before the task could start (the
 * tracker or git remote unreachable through every clone try). Such a task is not failed: no
 * comment, no {@code bzzz-failed}, which the tracker could not take anyway. The loop takes it over
 * again as attempt k+1 once its backoff has passed, and again later while the tracker stays away;
 * should this agent stop meanwhile, its claim is an orphan for the next start and a gone owner's
 * claim for its peers, so the task is never left claimed by nobody working on it.
 */
final class HandedBackClaims {
  static final String STAGE = "handed_back";
  private static final Logger log = LoggerFactory.getLogger(HandedBackClaims.class);

  /** A claim to take over again: the attempt given back, and how often it was tried since. */
  record Entry(HeldTask held, int tries, Instant due) {
    int attempt() {
      return held.claim().attempt();
    }
  }

  private final Journal journal;
  private final TaskBoard board;
  private final DeliveryBackoff backoff;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Entry> entries = new ArrayList<>();

  HandedBackClaims(Journal journal, TaskBoard board, DeliveryBackoff backoff, InstantSource clock) {
    this.journal = journal;
    this.board = board;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** Gives {@code held} back: logged, journalled (not as an end), queued for a later attempt. */
  void handBack(HeldTask held, String reason) {
    log.atWarn()
        .addKeyValue("task", held.ref())
        .addKeyValue("attempt", held.claim().attempt())
        .addKeyValue("reason", reason)
        .log("infrastructure failure before the task started; claim handed back, not failed");
    board.stage(held.ref(), TaskBoard.Stage.RELEASED, "handed back: " + reason);
    journal.task(
        EntryType.TASK_PROGRESS,
        held.ref(),
        Map.of("stage", STAGE, "attempt", held.claim().attempt(), "reason", reason));
    add(new Entry(held, 1, clock.instant().plus(backoff.after(1))));
  }

  /** The take-over of {@code e} could not reach the tracker: later, with a longer wait. */
  void again(Entry e) {
    add(new Entry(e.held(), e.tries() + 1, clock.instant().plus(backoff.after(e.tries() + 1))));
  }

  /** Removes and returns the entries due now, at most {@code max}. */
  List<Entry> takeDue(int max) {
    Instant now = clock.instant();
    List<Entry> due = new ArrayList<>();
    lock.lock();
    try {
      var it = entries.iterator();
      while (it.hasNext() && due.size() < max) {
        Entry e = it.next();
        if (!e.due().isAfter(now)) {
          due.add(e);
          it.remove();
        }
      }
    } finally {
      lock.unlock();
    }
    return due;
  }

  /** Whether {@code claim} is the attempt {@code e} gave back (nobody took the task meanwhile). */
  static boolean stillOurs(Entry e, Claim claim) {
    return claim.attempt() == e.attempt();
  }

  private void add(Entry e) {
    lock.lock();
    try {
      entries.add(e);
    } finally {
      lock.unlock();
    }
  }
}
