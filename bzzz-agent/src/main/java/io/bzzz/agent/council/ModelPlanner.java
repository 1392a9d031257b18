package io.bzzz.agent.council;

import io.bzzz.agent.exec.ExecutionResult;
import io.bzzz.agent.exec.ExecutionResult.Outcome;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a brief that has no {@code bzzz-plan} block with the lead's model: the model reads the
 * brief and the council's roles and files subtasks with {@code create_subtask} ({@link
 * SubtaskTool}), then calls {@code finish}. A conversation can take minutes, so each runs on its
 * own virtual thread, owned here (interrupted by {@link #close}); the council engine's thread only
 * polls for the outcome.
 */
final class ModelPlanner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelPlanner.class);
  static final int MAX_BRIEF = 16_000;
  private static final Duration BUSY_PAUSE = Duration.ofMinutes(1);

  private final PlanningModel model;
  private final RoleBook book;
  private final InstantSource clock;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, Instant> notBefore = new HashMap<>();
  private volatile boolean closed;

  /** How a planning conversation ended, with every subtask of the council by key. */
  record Result(ExecutionResult execution, Map<String, Integer> subtasks, List<String> filedNow) {}

  private static final class Job {
    volatile Thread thread;
    volatile Optional<Result> result = Optional.empty();
  }

  ModelPlanner(PlanningModel model, RoleBook book, InstantSource clock) {
    this.model = model;
    this.book = book;
    this.clock = clock;
  }

  /**
   * Whether planning {@code spec} has nothing new to say: a conversation runs, or a busy server is
   * left alone for a while. The lead then skips its tracker reads.
   */
  boolean pending(CouncilSpec spec) {
    String key = Council.key(spec.repository(), spec.brief());
    Job job = jobs.get(key);
    if (job != null) {
      return job.result.isEmpty();
    }
    Instant wait = notBefore.get(key);
    return wait != null && clock.instant().isBefore(wait);
  }

  /**
   * The outcome of planning {@code spec}'s brief once it is there; empty while a conversation runs
   * (the first call starts one). Called on the engine's thread only.
   */
  Optional<Result> poll(Tracker tracker, CouncilSpec spec, Task brief) {
    String key = Council.key(spec.repository(), spec.brief());
    Job job = jobs.get(key);
    if (job == null) {
      Instant wait = notBefore.get(key);
      if (closed || (wait != null && clock.instant().isBefore(wait))) {
        return Optional.empty();
      }
      Job fresh = new Job();
      jobs.put(key, fresh);
      fresh.thread =
          Thread.ofVirtual()
              .name("council-plan-" + spec.brief())
              .start(() -> fresh.result = Optional.of(runSafely(tracker, spec, brief)));
      return Optional.empty();
    }
    if (job.result.isEmpty()) {
      return Optional.empty();
    }
    jobs.remove(key);
    Result r = job.result.get();
    if (r.execution().outcome() == Outcome.RETRY_LATER) {
      notBefore.put(key, clock.instant().plus(BUSY_PAUSE)); // a busy server is not asked at once
    }
    return Optional.of(r);
  }

  private Result runSafely(Tracker tracker, CouncilSpec spec, Task brief) {
    try {
      return plan(tracker, spec, brief);
    } catch (InterruptedException e) {
      return new Result(
          ExecutionResult.of(Outcome.RETRY_LATER, "interrupted", "", Duration.ZERO),
          Map.of(),
          List.of());
    } catch (RuntimeException e) {
      log.atWarn()
          .addKeyValue("council", spec.brief())
          .log("planning with the model failed: " + e.getMessage());
      return new Result(
          ExecutionResult.of(Outcome.RETRY_LATER, e.getMessage(), "", Duration.ZERO),
          Map.of(),
          List.of());
    }
  }

  /** One planning conversation, on the caller's thread. */
  Result plan(Tracker tracker, CouncilSpec spec, Task brief) throws InterruptedException {
    Map<String, Integer> known = new HashMap<>();
    Map<String, Task> filed = PlanFiler.filed(tracker, spec.brief());
    filed.forEach((k, t) -> known.put(k, t.number()));
    SubtaskTool tool = new SubtaskTool(tracker, spec, book, known);
    ExecutionResult r =
        model.converse(
            spec.repository() + "#" + spec.brief(),
            system(),
            prompt(spec, brief, filed),
            List.of(tool));
    log.atInfo()
        .addKeyValue("council", spec.brief())
        .addKeyValue("outcome", r.outcome().name())
        .addKeyValue("filed", tool.filedNow())
        .log("the lead's model planned the brief");
    return new Result(r, tool.subtasks(), tool.filedNow());
  }

  static String system() {
    return """
        You lead a council of software agents, each holding a role. Split the project brief \
        you are given into subtasks that one agent of one role can each do and deliver as a \
        pull request. File each subtask with create_subtask: a short title, a body saying \
        what to do and how to check it, the role that does it, and depends_on naming the \
        subtasks (by key) that must be done first; file dependencies before the subtasks that \
        need them. Do not do the work yourself. When every subtask is filed, call finish with \
        a one-line summary; if the brief cannot be split, call finish with success false and \
        say why.""";
  }

  String prompt(CouncilSpec spec, Task brief, Map<String, Task> filed) {
    StringBuilder p = new StringBuilder();
    p.append("Brief #").append(spec.brief()).append(" of ").append(spec.repository());
    p.append(": ").append(brief.title()).append("\n\n");
    String body = brief.body();
    p.append(
            body.length() <= MAX_BRIEF
                ? body
                : body.substring(0, MAX_BRIEF) + "\n[brief cut at " + MAX_BRIEF + " characters]")
        .append("\n\n## Roles of the council\n");
    for (String role : spec.roles()) {
      p.append("- ").append(role).append(spec.core().contains(role) ? " (core)" : " (optional)");
      List<String> needs = book.needs(role);
      p.append(needs.isEmpty() ? "" : ", needs " + String.join(", ", needs)).append('\n');
    }
    if (!filed.isEmpty()) {
      p.append("\n## Already filed (do not file these again; depend on them by key)\n");
      filed.forEach(
          (k, t) ->
              p.append("- ")
                  .append(k)
                  .append(": #")
                  .append(t.number())
                  .append(' ')
                  .append(t.title())
                  .append('\n'));
    }
    return p.toString();
  }

  /** Interrupts every conversation still running; their results are dropped. */
  @Override
  public void close() {
    closed = true;
    for (Job j : jobs.values()) {
      Thread t = j.thread;
      if (t != null) {
        t.interrupt();
      }
    }
    for (Job j : jobs.values()) {
      Thread t = j.thread;
      if (t != null) {
        try {
          t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
