package io.bzzz.agent.runtime;

import io.bzzz.agent.workspace.RemoteFailures;
import io.bzzz.agent.workspace.Workspace;
import io.bzzz.agent.workspace.WorkspaceException;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.claim.ClaimBranch;
import io.bzzz.tracker.claim.ClaimMarker;
import io.bzzz.tracker.review.PullReviews;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a result that an earlier attempt of the task pushed to its own branch but never delivered
 * (its owner was lost between the push and the pull request), so that the take-over delivers it
 * instead of running the task a second time.
 *
 * <p>It counts only when the branch head's trailers ({@link ResultTrailers}) name this task, that
 * attempt, and the agent the tracker's claim comment names as that attempt's owner; the commit has
 * one parent; and its change applies cleanly on this attempt's branch. Anything else: the task
 * runs. A branch that can be pushed to by others is trusted as far as the repository's write access
 * is: the result still goes through the same pull request.
 */
final class EarlierResults {
  private static final Logger log = LoggerFactory.getLogger(EarlierResults.class);

  /**
   * An earlier attempt's change, now in the work tree uncommitted, and the pull request its owner
   * already opened from that attempt's branch, if one is open (the owner was lost after it).
   */
  record Adopted(int attempt, String agent, String summary, Optional<PullRequest> openPull) {}

  /**
   * Applies the latest earlier attempt's undelivered result to {@code ws}, if there is one.
   *
   * @throws CloneRetries.Unreachable when the remote cannot be reached (hand the claim back)
   */
  Optional<Adopted> adopt(HeldTask held, Workspace ws)
      throws WorkspaceException, CloneRetries.Unreachable {
    int number = held.task().number();
    List<Comment> comments = null; // read once, and only when a candidate turns up
    for (int attempt = held.claim().attempt() - 1; attempt >= 1; attempt--) {
      String branch = new ClaimBranch(number, attempt).name();
      Optional<Workspace.RemoteCommit> head = fetch(ws, branch);
      Optional<ResultTrailers.Origin> origin =
          head.filter(c -> c.parents() == 1).flatMap(c -> ResultTrailers.parse(c.message()));
      if (origin.isEmpty()
          || !origin.get().task().equals(held.ref().toString())
          || origin.get().attempt() != attempt) {
        continue;
      }
      if (comments == null) {
        comments = held.repo().tracker().comments(number);
      }
      Optional<String> owner =
          ClaimMarker.owner(
                  comments,
                  number,
                  attempt,
                  io.bzzz.tracker.claim.MarkerAuthors.user(held.repo().tracker().login()))
              .map(AgentIdentity::name);
      if (!owner.equals(Optional.of(origin.get().agent()))) {
        log.atWarn()
            .addKeyValue("task", held.ref())
            .addKeyValue("branch", branch)
            .addKeyValue("commit_agent", origin.get().agent())
            .addKeyValue("claim_owner", owner.orElse("none"))
            .log("an earlier result names an agent that did not hold that attempt; not used");
        continue;
      }
      if (!ws.applyChangeOf(head.get().id())) {
        log.atInfo()
            .addKeyValue("task", held.ref())
            .addKeyValue("branch", branch)
            .log("an earlier attempt's result does not apply any more; running the task");
        return Optional.empty();
      }
      return Optional.of(
          new Adopted(
              attempt, origin.get().agent(), body(head.get().message()), openPullOf(held, branch)));
    }
    return Optional.empty();
  }

  /**
   * The open pull request from {@code branch}: an owner lost after it opened one (chaos seed 16, a
   * cut-off during its label call) must not get a second one from the take-over.
   */
  private static Optional<PullRequest> openPullOf(HeldTask held, String branch) {
    if (!(held.repo().tracker() instanceof PullReviews reviews)) {
      return Optional.empty();
    }
    return reviews.openPullRequests().stream().filter(p -> p.head().equals(branch)).findFirst();
  }

  private static Optional<Workspace.RemoteCommit> fetch(Workspace ws, String branch)
      throws WorkspaceException, CloneRetries.Unreachable {
    try {
      return ws.fetchHead(branch);
    } catch (WorkspaceException e) {
      if (RemoteFailures.isInfrastructure(e)) {
        throw new CloneRetries.Unreachable(e.getMessage(), e);
      }
      throw e;
    }
  }

  /** The commit message's summary: without its title line and its trailers. */
  private static String body(String message) {
    String text = ResultTrailers.withoutTrailers(message);
    int cut = text.indexOf("\n\n");
    return cut < 0 ? "" : text.substring(cut + 2).strip();
  }
}
