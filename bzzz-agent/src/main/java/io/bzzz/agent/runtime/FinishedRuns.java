package io.bzzz.agent.runtime;

import io.bzzz.agent.workspace.Workspace;
import io.bzzz.agent.workspace.WorkspaceException;
import io.bzzz.agent.workspace.Workspaces;
import io.bzzz.tracker.AgentIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the window between a task program's end and its result reaching the delivery queue (the
 * runner collecting output and killing the group, status, commit, record: hundreds of milliseconds
 * on a busy machine). Two records, each naming the workspace:
 *
 * <ul>
 *   <li>{@code <data-dir>/started/<id>.json} before the executor starts, with {@code <id>.exit}
 *       beside it, where the process supervisor writes the program's exit code the moment it ends;
 *   <li>{@code <data-dir>/executed/<id>.json} the moment the executor returns a success.
 * </ul>
 *
 * Both are removed once the result is queued (or the run failed). An agent killed in between finds
 * them at its next start ({@link #recover}): an executed record, or a started one whose exit code
 * is 0, means the work is done and the workspace is still on disk, so the result is committed and
 * queued then, and the claim is resumed as a delivery, not redone (which would run the task a
 * second time). A started record without an exit code is a run the agent's death cut short (the
 * supervisor killed it): dropped, and the claim is left to restart reconciliation.
 */
final class FinishedRuns {
  private static final Logger log = LoggerFactory.getLogger(FinishedRuns.class);

  private static final String STARTED = "started";
  private static final String EXIT_SUFFIX = ".exit";

  /** The summary of a result whose program ended just as the agent stopped. */
  static final String ENDED_UNSEEN =
      "the task's program ended with exit code 0 just as the agent stopped; its output was not"
          + " kept";

  private final DeliveryQueue marks;
  private final DeliveryQueue starts;
  private final Path startsDir;

  private FinishedRuns(DeliveryQueue marks, DeliveryQueue starts, Path startsDir) {
    this.marks = marks;
    this.starts = starts;
    this.startsDir = startsDir;
  }

  static FinishedRuns open(Path dataDir) throws IOException {
    return new FinishedRuns(
        DeliveryQueue.open(dataDir, "executed"),
        DeliveryQueue.open(dataDir, STARTED),
        dataDir.resolve(STARTED));
  }

  /**
   * The executor of {@code held} is about to start in {@code ws}: on disk first. Returns the file
   * the process supervisor is to write the program's exit code to.
   */
  Path started(HeldTask held, Workspace ws, AgentIdentity me, Instant now) {
    PendingDelivery record = record(held, ws.gitDir().getFileName().toString(), me, "", now);
    Path exit = exitFile(record);
    try {
      Files.deleteIfExists(exit); // a code left by an earlier run of this attempt is not this one's
      starts.put(record);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the start of " + held.ref(), e);
    }
    return exit;
  }

  /** The executor of {@code held} returned (its success, if any, is already marked). */
  void ended(HeldTask held) {
    String id = PendingDelivery.idOf(held.ref(), held.claim().attempt());
    try {
      starts.remove(id);
      Files.deleteIfExists(startsDir.resolve(id + EXIT_SUFFIX));
    } catch (IOException e) {
      log.atWarn().addKeyValue("task", held.ref()).log("cannot remove a started-run record");
    }
  }

  /** The executor of {@code held} ended well in {@code ws}; on disk before anything else. */
  void mark(HeldTask held, Workspace ws, AgentIdentity me, String summary, Instant now) {
    try {
      marks.put(record(held, ws.gitDir().getFileName().toString(), me, summary, now));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the finished run of " + held.ref(), e);
    }
  }

  /** The result of {@code held} is in the delivery queue (or was never marked). */
  void clear(HeldTask held) {
    try {
      marks.remove(PendingDelivery.idOf(held.ref(), held.claim().attempt()));
    } catch (IOException e) {
      log.atWarn().addKeyValue("task", held.ref()).log("cannot remove a finished-run record");
    }
  }

  /**
   * At start, before the delivery queue is read: each finished run an earlier process did not get
   * to queue is committed in its workspace and queued. A workspace that is gone or cannot be
   * committed is reported and its claim is left to restart reconciliation (redone).
   */
  void recover(DeliveryQueue queue, Workspaces workspaces) throws IOException {
    for (PendingDelivery mark : marks.load()) {
      if (!queue.holds(mark)) {
        recoverOne(mark, queue, workspaces);
      }
      marks.remove(mark);
    }
    for (PendingDelivery start : starts.load()) {
      Path exit = exitFile(start);
      Optional<String> code = exitCode(exit);
      if (!queue.holds(start) && code.equals(Optional.of("0"))) {
        recoverOne(withSummary(start, ENDED_UNSEEN), queue, workspaces);
      } else if (!queue.holds(start)) {
        log.atInfo()
            .addKeyValue("task", start.task())
            .addKeyValue("attempt", start.attempt())
            .addKeyValue("exit", code.orElse("none"))
            .log("a run cut short by the agent's stop is left to restart reconciliation");
      }
      starts.remove(start);
      Files.deleteIfExists(exit);
    }
  }

  private Path exitFile(PendingDelivery record) {
    return startsDir.resolve(record.id() + EXIT_SUFFIX);
  }

  /** The exit code the supervisor wrote, or empty when it wrote none (or only part of one). */
  private static Optional<String> exitCode(Path file) {
    try {
      String text = Files.readString(file);
      return text.endsWith("\n") ? Optional.of(text.strip()) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      log.atWarn().addKeyValue("file", file).log("cannot read an exit code: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static PendingDelivery withSummary(PendingDelivery d, String summary) {
    PendingDelivery.Result.Succeeded s = (PendingDelivery.Result.Succeeded) d.result();
    return new PendingDelivery(
        d.task(),
        d.title(),
        d.branch(),
        d.attempt(),
        d.owner(),
        new PendingDelivery.Result.Succeeded(s.gitDir(), s.commit(), summary, s.files()),
        d.steps(),
        d.since());
  }

  private static void recoverOne(PendingDelivery mark, DeliveryQueue queue, Workspaces workspaces)
      throws IOException {
    if (!(mark.result() instanceof PendingDelivery.Result.Succeeded s)) {
      return;
    }
    try (Workspace ws = workspaces.reopen(s.gitDir(), mark.task().repository(), mark.branch())) {
      List<String> files = ws.changedFiles();
      Optional<String> commit =
          ws.commitAll(
              ResultTrailers.commitMessage(
                  mark.task(), mark.title(), s.summary(), mark.attempt(), mark.owner().name()));
      ws.keepGitDir();
      queue.put(
          new PendingDelivery(
              mark.task(),
              mark.title(),
              mark.branch(),
              mark.attempt(),
              mark.owner(),
              new PendingDelivery.Result.Succeeded(s.gitDir(), commit, s.summary(), files),
              PendingDelivery.Steps.NONE,
              mark.since()));
      log.atInfo()
          .addKeyValue("task", mark.task())
          .addKeyValue("attempt", mark.attempt())
          .log("a run that finished before the agent stopped is delivered, not run again");
    } catch (WorkspaceException | RuntimeException e) {
      log.atWarn()
          .addKeyValue("task", mark.task())
          .addKeyValue("attempt", mark.attempt())
          .log("a finished run cannot be recovered, the task will run again: " + e.getMessage());
    }
  }

  private static PendingDelivery record(
      HeldTask held, String gitDir, AgentIdentity me, String summary, Instant now) {
    return new PendingDelivery(
        held.ref(),
        held.task().title(),
        held.claim().branch(),
        held.claim().attempt(),
        me,
        new PendingDelivery.Result.Succeeded(gitDir, Optional.empty(), summary, List.of()),
        PendingDelivery.Steps.NONE,
        now);
  }
}
