package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.HelpRounds;
import io.bzzz.agent.coordination.MeshOutbox;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.log.entry.EntryType;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of help once the rounds end: the hand-over when a peer answers, the give-up
 * after the last unanswered round. Either way the waiting task leaves {@link TaskSlots} and its
 * slot is given back. A hand-over is announced as {@code task_progress} with stage {@code handover}
 * naming the helper; the helper then claims the next attempt, which fences this agent out for good.
 */
final class HelpDesk {
  static final String HANDOVER_STAGE = PeerTable.HANDOVER_STAGE;
  private static final Logger log = LoggerFactory.getLogger(HelpDesk.class);

  private final String self;
  private final MeshOutbox outbox;
  private final Journal journal;
  private final TaskBoard board;
  private final TaskSlots slots;
  private final TaskFailures failures;

  HelpDesk(
      String self,
      MeshOutbox outbox,
      Journal journal,
      TaskBoard board,
      TaskSlots slots,
      TaskFailures failures) {
    this.self = self;
    this.outbox = outbox;
    this.journal = journal;
    this.board = board;
    this.slots = slots;
    this.failures = failures;
  }

  void handOver(HelpRounds.HandOver h) {
    if (slots.stopWaiting(h.task()).isEmpty()) {
      return;
    }
    board.stage(h.task(), TaskBoard.Stage.HANDED_OVER, "to " + h.helper());
    journal.task(EntryType.TASK_HELP_RECEIVED, h.task(), Map.of("helper", h.helper()));
    try {
      outbox.publish(new Payload.TaskProgress(h.task(), self, HANDOVER_STAGE, h.helper()));
    } catch (IOException | RuntimeException e) {
      log.atWarn().addKeyValue("task", h.task()).log("cannot announce the hand-over: " + e);
    }
    log.atInfo().addKeyValue("task", h.task()).addKeyValue("helper", h.helper()).log("handed over");
    slots.giveBack();
  }

  void giveUp(HelpRounds.GiveUp g) {
    slots
        .stopWaiting(g.task())
        .ifPresent(
            held -> {
              journal.task(EntryType.ESCALATION, g.task(), Map.of("reason", g.reason()));
              failures.report(held, g.reason());
              slots.giveBack();
            });
  }
}
