package io.bzzz.tracker;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An issue that may be a task: what the agent reads to decide whether to claim it and what to do.
 *
 * @param tracker the tracker's base URL, so that tasks from several trackers stay apart
 * @param labels label names, in the tracker's order
 * @param assignees logins of the assigned users
 * @param bodyEdits who edited the body after it was posted, if the tracker says
 * @param createdAt when the issue was opened, if the tracker says (pickup latency starts there)
 */
public record Task(
    String tracker,
    RepoRef repo,
    int number,
    String title,
    String body,
    String author,
    List<String> labels,
    TaskState state,
    List<String> assignees,
    String url,
    BodyEdits bodyEdits,
    Optional<Instant> createdAt) {

  public Task {
    labels = List.copyOf(labels);
    assignees = List.copyOf(assignees);
  }

  /** A task whose opening time is not known. */
  public Task(
      String tracker,
      RepoRef repo,
      int number,
      String title,
      String body,
      String author,
      List<String> labels,
      TaskState state,
      List<String> assignees,
      String url,
      BodyEdits bodyEdits) {
    this(
        tracker,
        repo,
        number,
        title,
        body,
        author,
        labels,
        state,
        assignees,
        url,
        bodyEdits,
        Optional.empty());
  }

  public boolean hasLabel(String label) {
    return labels.stream().anyMatch(l -> l.equalsIgnoreCase(label));
  }
}
