package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.events.AgentEvent;
import io.bzzz.agent.events.Events;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/** The tasks this agent has touched and where each stands, for {@code /api/v1/tasks}. */
public final class TaskBoard {
  /** Terminal stages end a task here; any other stage means it is in hand. */
  public enum Stage {
    CLAIMED(false),
    RUNNING(false),
    HELP_REQUESTED(false),
    /** Finished; the result waits for the tracker (kept on disk, retried). */
    DELIVERING(false),
    HANDED_OVER(true),
    COMPLETED(true),
    FAILED(true),
    RELEASED(true),
    SUPERSEDED(true);

    private final boolean terminal;

    Stage(boolean terminal) {
      this.terminal = terminal;
    }

    public boolean terminal() {
      return terminal;
    }
  }

  /** One task as this agent sees it. */
  public record Entry(
      TaskRef task,
      String title,
      String branch,
      int attempt,
      Stage stage,
      String detail,
      Optional<String> pullRequest,
      Instant updated) {

    /** The same task moved to {@code stage} at {@code now}. */
    Entry at(Stage stage, String detail, Optional<String> pullRequest, Instant now) {
      return new Entry(task, title, branch, attempt, stage, detail, pullRequest, now);
    }
  }

  private final InstantSource clock;
  private final Consumer<Entry> onChange;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<TaskRef, Entry> entries = new LinkedHashMap<>();

  /**
   * @param onChange told of every new or changed entry, in order, under the board's lock; it must
   *     not block (the agent's event hub only queues)
   */
  TaskBoard(InstantSource clock, Consumer<Entry> onChange) {
    this.clock = clock;
    this.onChange = onChange;
  }

  void claimed(TaskRef task, String title, String branch, int attempt) {
    put(
        new Entry(
            task, title, branch, attempt, Stage.CLAIMED, "", Optional.empty(), clock.instant()));
  }

  void stage(TaskRef task, Stage stage, String detail) {
    update(task, e -> e.at(stage, detail, e.pullRequest(), clock.instant()));
  }

  void completed(TaskRef task, String pullRequest, String detail) {
    update(task, e -> e.at(Stage.COMPLETED, detail, Optional.of(pullRequest), clock.instant()));
  }

  /** The feed event for a new or changed entry. */
  static AgentEvent.TaskChanged event(Entry e) {
    return new AgentEvent.TaskChanged(
        e.task(),
        Events.shorten(e.title()),
        e.stage().name().toLowerCase(Locale.ROOT),
        Events.shorten(e.detail()),
        e.branch(),
        e.attempt(),
        e.pullRequest());
  }

  /** Tasks not yet at a terminal stage: the agent's {@code current_tasks}. */
  public int active() {
    lock.lock();
    try {
      return (int) entries.values().stream().filter(e -> !e.stage().terminal()).count();
    } finally {
      lock.unlock();
    }
  }

  public boolean isActive(TaskRef task) {
    lock.lock();
    try {
      Entry e = entries.get(task);
      return e != null && !e.stage().terminal();
    } finally {
      lock.unlock();
    }
  }

  public Optional<Entry> get(TaskRef task) {
    lock.lock();
    try {
      return Optional.ofNullable(entries.get(task));
    } finally {
      lock.unlock();
    }
  }

  public List<Entry> entries() {
    lock.lock();
    try {
      return entries.values().stream().sorted(Comparator.comparing(Entry::updated)).toList();
    } finally {
      lock.unlock();
    }
  }

  private void put(Entry e) {
    lock.lock();
    try {
      entries.put(e.task(), e);
      onChange.accept(e);
    } finally {
      lock.unlock();
    }
  }

  private void update(TaskRef task, java.util.function.UnaryOperator<Entry> change) {
    lock.lock();
    try {
      Entry changed = entries.computeIfPresent(task, (k, e) -> change.apply(e));
      if (changed != null) {
        onChange.accept(changed);
      }
    } finally {
      lock.unlock();
    }
  }
}
