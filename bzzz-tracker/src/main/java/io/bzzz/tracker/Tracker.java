package io.bzzz.tracker;

import java.util.List;
import java.util.Optional;

/**
 * One repository on one tracker (GitHub, Gitea or the local tracker), as the agent uses it. Every
 * method blocks, is safe to call from several threads, and fails with a {@link TrackerException}.
 */
public interface Tracker extends Fence, AutoCloseable {

  /** The repository this tracker works on. */
  RepoRef repo();

  /** The login of the token's user: the git user name for pushes, the assignee of claims. */
  String login();

  /** The repository's default branch and clone URL. */
  RepoInfo repoInfo();

  /**
   * Issues matching {@code query}, oldest first, across as many pages as needed. Pages the tracker
   * says have not changed (ETag, 304) come from the cache.
   */
  List<Task> listTasks(TaskQuery query);

  /** Open, unclaimed {@code bzzz-task} issues: what an agent may try to claim. */
  default List<Task> candidates(int limit) {
    return listTasks(TaskQuery.candidates(limit));
  }

  Task task(int number);

  /** Files a new issue and returns it. */
  Task createTask(NewTask task);

  /**
   * Claims task {@code number} at attempt 1. Won: the claim branch was created by this call, and
   * the issue is then assigned (where possible), labelled {@code bzzz-claimed} and commented with
   * {@code me}. Lost: the branch already existed.
   */
  ClaimResult claim(int number, AgentIdentity me);

  /** The highest claim on the task, if any, with its owner when the claim comment names it. */
  Optional<Claim> currentClaim(int number);

  /**
   * Takes over a task whose holder is gone. Reads the current claim; when {@code liveness} says its
   * owner is gone, tries attempt {@code k+1}. Lost when the owner is alive or another agent took
   * the next attempt first. With no claim at all this is an ordinary {@link #claim}.
   */
  ClaimResult reclaim(int number, AgentIdentity me, OwnerLiveness liveness);

  /** Creates every label in {@link BzzzLabels#ALL} that the repository lacks. */
  void ensureLabels();

  /** Posts a comment, at most once even if a retry follows a lost answer. */
  Comment comment(int number, String body);

  List<Comment> comments(int number);

  /** Adds labels (by name; created by {@link #ensureLabels}) and removes others. */
  void relabel(int number, List<String> add, List<String> remove);

  /** Assigns the issue to the token's user; false when the tracker does not allow it. */
  boolean assignSelf(int number);

  /** Opens a pull request, or returns the open one with the same head. */
  PullRequest openPullRequest(NewPullRequest request);

  void closeIssue(int number);

  /**
   * Creates branch {@code name} at the head of the default branch: the atomic primitive of claims,
   * used for other locks too (council roles).
   *
   * @return true if this call created it, false if it already existed
   */
  boolean createRef(String name);

  boolean refExists(String name);

  /** Deletes branch {@code name}; nothing happens when it does not exist. */
  void deleteRef(String name);

  /** Replaces the text of comment {@code id} (a status kept in one comment, edited in place). */
  Comment editComment(long id, String body);

  /** Creates label {@code name} (colour as six hex digits) unless the repository has it. */
  void ensureLabel(String name, String color);

  /** Releases the HTTP client; the tracker is unusable afterwards. */
  @Override
  void close();
}
