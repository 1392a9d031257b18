package io.bzzz.agent.exec;

import java.util.List;
import java.util.Optional;

/**
 * What an executor knows about a task: the tracker's issue as plain values. The task loop builds it
 * from the tracker's own task type.
 *
 * @param tracker {@code github}, {@code gitea} or {@code local}
 * @param repository {@code owner/name}
 * @param branch the claim branch the workspace is on
 * @param bodyEditors the logins that edited the body after it was posted (empty list: never
 *     edited); empty when the tracker cannot say
 * @param comments the issue's comments, oldest first (what approvals are read from)
 */
public record TaskDetails(
    String tracker,
    String repository,
    long number,
    String title,
    String body,
    String author,
    List<String> labels,
    String url,
    String branch,
    Optional<List<String>> bodyEditors,
    List<TaskComment> comments) {

  /** A comment; {@code edited} when its text may have changed after it was posted. */
  public record TaskComment(String author, String body, boolean edited) {}

  public TaskDetails {
    labels = List.copyOf(labels);
    bodyEditors = bodyEditors.map(List::copyOf);
    comments = List.copyOf(comments);
  }

  /** A task whose body's editors are unknown and that has no comments. */
  public TaskDetails(
      String tracker,
      String repository,
      long number,
      String title,
      String body,
      String author,
      List<String> labels,
      String url,
      String branch) {
    this(
        tracker,
        repository,
        number,
        title,
        body,
        author,
        labels,
        url,
        branch,
        Optional.empty(),
        List.of());
  }

  /** The same task, with its body's editors as the tracker reported them. */
  public TaskDetails withBodyEditors(List<String> editors) {
    return new TaskDetails(
        tracker,
        repository,
        number,
        title,
        body,
        author,
        labels,
        url,
        branch,
        Optional.of(editors),
        comments);
  }

  /** The same task with these comments. */
  public TaskDetails withComments(List<TaskComment> newComments) {
    return new TaskDetails(
        tracker,
        repository,
        number,
        title,
        body,
        author,
        labels,
        url,
        branch,
        bodyEditors,
        newComments);
  }

  /** A short reference for logs and messages: {@code owner/name#12}. */
  public String ref() {
    return repository + "#" + number;
  }
}
