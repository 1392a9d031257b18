package io.bzzz.tracker.result;

import io.bzzz.tracker.RepoInfo;
import java.nio.file.Path;

/** Pushes a workspace's HEAD to a branch of the tracker's repository. */
@FunctionalInterface
public interface GitPush {
  /**
   * @throws PushFailedException when the remote refuses or cannot be reached
   */
  void push(Path workspace, RepoInfo repo, String branch);
}
