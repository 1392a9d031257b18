package io.bzzz.tracker.review;

import io.bzzz.tracker.PullRequest;

/** A pull request as it stands: open or closed, merged or not, and its head commit. */
public record PullStatus(PullRequest pull, boolean merged, String headSha) {
  public boolean open() {
    return pull.open();
  }
}
