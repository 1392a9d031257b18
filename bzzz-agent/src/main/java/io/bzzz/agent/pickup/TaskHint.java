package io.bzzz.agent.pickup;

import io.bzzz.agent.coordination.TaskRef;
import java.util.List;
import java.util.Locale;

/**
 * "This issue may be a task now": what a webhook or a peer's {@code task_available} says. A hint
 * only makes agents look at the task at once; whether it is one, and who gets it, the tracker and
 * the claim ref decide.
 *
 * @param labels the labels as the hint states them (checked again on the tracker)
 * @param announcer the peer that received the webhook, or whose poll found the task
 * @param announcerPassed the announcer said it is not taking the task (a poller whose slots are
 *     full shares what it found): the others need not wait for it
 */
public record TaskHint(
    TaskRef task, List<String> labels, Origin origin, String announcer, boolean announcerPassed) {

  /** How this agent learned of the task. */
  public enum Origin {
    /** A tracker webhook delivered to this agent. */
    WEBHOOK,
    /** A peer's {@code task_available}. */
    MESH,
    /**
     * This agent's own poll, shared with the peers ({@code source: "poll"}); never the origin of a
     * hint this agent acts on.
     */
    POLL;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public TaskHint {
    labels = List.copyOf(labels);
  }

  /** A hint whose announcer may take the task itself (a webhook's). */
  public TaskHint(TaskRef task, List<String> labels, Origin origin, String announcer) {
    this(task, labels, origin, announcer, false);
  }
}
