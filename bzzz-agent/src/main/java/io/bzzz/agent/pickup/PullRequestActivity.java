package io.bzzz.agent.pickup;

/**
 * Where a verified webhook about a pull request goes: the review loop checks that pull request now
 * instead of at its next poll. Must not block (called on the API's request thread).
 */
@FunctionalInterface
public interface PullRequestActivity {
  /** Nothing listens: the review loop is off. */
  PullRequestActivity NONE = (repository, number) -> {};

  void activity(String repository, int number);
}
