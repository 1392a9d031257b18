package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.Coordinator;
import io.bzzz.agent.coordination.HelpRounds;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.log.entry.EntryType;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of help: tasks waiting for a helper, the hand-over when one answers, and the
 * give-up after the last unanswered round. A hand-over is announced as {@code task_progress} with
 * stage {@code handover} naming the helper; the helper then claims the next attempt, which fences
 * this agent out of the task for good.
 */
final class HelpDesk {
  static final String HANDOVER_STAGE = "handover";
  private static final Logger log = LoggerFactory.getLogger(HelpDesk.class);

  private final String self;
  private final Coordinator coordinator;
  private final Journal journal;
  private final TaskBoard board;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<TaskRef, HeldTask> waiting = new HashMap<>();
  private Consumer<HeldTask> release = h -> {};
  private GiveUpHandler giveUp = (h, reason) -> {};

  /** What the loop does when nobody helped: report the failure and free the slot. */
  @FunctionalInterface
  interface GiveUpHandler {
    void giveUp(HeldTask held, String reason);
  }

  HelpDesk(String self, Coordinator coordinator, Journal journal, TaskBoard board) {
    this.self = self;
    this.coordinator = coordinator;
    this.journal = journal;
    this.board = board;
  }

  void onRelease(Consumer<HeldTask> release, GiveUpHandler giveUp) {
    this.release = release;
    this.giveUp = giveUp;
  }

  /** Starts help rounds for {@code held}; true, the task stays held until an answer or give-up. */
  boolean ask(HeldTask held, String reason, List<String> required) {
    lock.lock();
    try {
      waiting.put(held.ref(), held);
    } finally {
      lock.unlock();
    }
    board.stage(held.ref(), TaskBoard.Stage.HELP_REQUESTED, reason);
    journal.task(
        EntryType.TASK_HELP_REQUESTED,
        held.ref(),
        Map.of("reason", reason, "required_capabilities", required));
    try {
      coordinator.askForHelp(held.ref(), reason, required);
    } catch (IOException | RuntimeException e) {
      log.atWarn().addKeyValue("task", held.ref()).log("cannot ask for help: " + e.getMessage());
    }
    return true;
  }

  void handOver(HelpRounds.HandOver h) {
    Optional<HeldTask> held = take(h.task());
    if (held.isEmpty()) {
      return;
    }
    board.stage(h.task(), TaskBoard.Stage.HANDED_OVER, "to " + h.helper());
    journal.task(EntryType.TASK_HELP_RECEIVED, h.task(), Map.of("helper", h.helper()));
    try {
      coordinator.publish(new Payload.TaskProgress(h.task(), self, HANDOVER_STAGE, h.helper()));
    } catch (IOException | RuntimeException e) {
      log.atWarn().addKeyValue("task", h.task()).log("cannot announce the hand-over: " + e);
    }
    log.atInfo().addKeyValue("task", h.task()).addKeyValue("helper", h.helper()).log("handed over");
    release.accept(held.get());
  }

  void giveUp(HelpRounds.GiveUp g) {
    take(g.task())
        .ifPresent(
            held -> {
              journal.task(EntryType.ESCALATION, g.task(), Map.of("reason", g.reason()));
              giveUp.giveUp(held, g.reason());
            });
  }

  /** Tasks still waiting, to release at shutdown. */
  List<HeldTask> drain() {
    lock.lock();
    try {
      List<HeldTask> all = List.copyOf(waiting.values());
      waiting.clear();
      return all;
    } finally {
      lock.unlock();
    }
  }

  private Optional<HeldTask> take(TaskRef task) {
    lock.lock();
    try {
      return Optional.ofNullable(waiting.remove(task));
    } finally {
      lock.unlock();
    }
  }
}
