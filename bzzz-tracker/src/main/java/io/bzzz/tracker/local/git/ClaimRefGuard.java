package io.bzzz.tracker.local.git;

import io.bzzz.tracker.claim.ClaimBranch;
import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * Guards claim branches in a push. Refuses, for someone who is not a repository administrator,
 * every deletion and every non-fast-forward update of a claim branch: with either, a writer could
 * take a claim away from the agent holding it. Refuses, for everyone, any update of a claim branch
 * whose next attempt exists, unless it is the head of an open pull request: that attempt is
 * superseded (the fence of DESIGN §5, enforced here as well as by the agents' own check), so an
 * owner whose task was taken over before it opened a pull request cannot push to it even if it
 * skips its check. A pull request's head takes pushes after later attempts exist because review
 * rounds claim the next attempt as their token and push to the pull request's branch
 * (docs/review.md); there the agents' fence check is the guard. JGit has classified each command as
 * fast-forward or not before this hook runs.
 */
final class ClaimRefGuard implements PreReceiveHook {
  static final String REFUSAL = "claim branches may only be deleted or rewound by an administrator";
  static final String SUPERSEDED = "this claim was superseded by a later attempt; push refused";

  private final boolean administrator;
  private final Predicate<String> pullHead;

  /**
   * @param pullHead whether a branch (without {@code refs/heads/}) is the head of an open pull
   *     request of the repository
   */
  ClaimRefGuard(boolean administrator, Predicate<String> pullHead) {
    this.administrator = administrator;
    this.pullHead = pullHead;
  }

  @Override
  public void onPreReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
    for (ReceiveCommand cmd : commands) {
      if (cmd.getResult() != ReceiveCommand.Result.NOT_ATTEMPTED
          || !ClaimRefs.isClaimRef(cmd.getRefName())) {
        continue;
      }
      boolean update =
          cmd.getType() == ReceiveCommand.Type.UPDATE
              || cmd.getType() == ReceiveCommand.Type.UPDATE_NONFASTFORWARD;
      if (update
          && superseded(rp.getRepository(), cmd.getRefName())
          && !pullHead.test(cmd.getRefName().substring(Constants.R_HEADS.length()))) {
        cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, SUPERSEDED);
      } else if (!administrator
          && (cmd.getType() == ReceiveCommand.Type.DELETE
              || cmd.getType() == ReceiveCommand.Type.UPDATE_NONFASTFORWARD)) {
        cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, REFUSAL);
      }
    }
  }

  /** Whether the next attempt's branch exists; a ref that cannot be read counts as existing. */
  private static boolean superseded(Repository repo, String ref) {
    Optional<ClaimBranch> branch = ClaimBranch.parse(ref.substring(Constants.R_HEADS.length()));
    if (branch.isEmpty()) {
      return false;
    }
    try {
      return repo.exactRef(Constants.R_HEADS + branch.get().next().name()) != null;
    } catch (IOException e) {
      return true; // fail closed: a push to a claim branch waits for a readable repository
    }
  }
}
