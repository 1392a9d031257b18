package io.bzzz.tracker.local.git;

import java.util.Collection;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * Refuses, in a push by someone who is not a repository administrator, every deletion and every
 * non-fast-forward update of a claim branch: with either, a writer could take a claim away from the
 * agent holding it. JGit has classified each command as fast-forward or not before this hook runs.
 */
final class ClaimRefGuard implements PreReceiveHook {
  static final String REFUSAL = "claim branches may only be deleted or rewound by an administrator";

  private final boolean administrator;

  ClaimRefGuard(boolean administrator) {
    this.administrator = administrator;
  }

  @Override
  public void onPreReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
    if (administrator) {
      return;
    }
    for (ReceiveCommand cmd : commands) {
      if (cmd.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED
          && ClaimRefs.isClaimRef(cmd.getRefName())
          && (cmd.getType() == ReceiveCommand.Type.DELETE
              || cmd.getType() == ReceiveCommand.Type.UPDATE_NONFASTFORWARD)) {
        cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, REFUSAL);
      }
    }
  }
}
