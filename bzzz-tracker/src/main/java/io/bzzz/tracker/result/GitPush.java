package io.bzzz.tracker.result;

import io.bzzz.tracker.RepoInfo;
import java.nio.file.Path;

/** Pushes a workspace's HEAD to a branch of the tracker's repository. */
@FunctionalInterface
public interface GitPush {
  /**
   * @param gitDir the workspace's git directory (kept apart from the work tree a task could write)
   * @throws PushFailedException when the remote refuses or cannot be reached
   */
  void push(Path gitDir, RepoInfo repo, String branch);
}
