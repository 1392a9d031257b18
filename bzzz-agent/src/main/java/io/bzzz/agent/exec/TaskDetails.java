package io.bzzz.agent.exec;

import java.util.List;

/**
 * What an executor knows about a task: the tracker's issue as plain values. The task loop builds it
 * from the tracker's own task type.
 *
 * @param tracker {@code github}, {@code gitea} or {@code local}
 * @param repository {@code owner/name}
 * @param branch the claim branch the workspace is on
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
    String branch) {

  public TaskDetails {
    labels = List.copyOf(labels);
  }

  /** A short reference for logs and messages: {@code owner/name#12}. */
  public String ref() {
    return repository + "#" + number;
  }
}
