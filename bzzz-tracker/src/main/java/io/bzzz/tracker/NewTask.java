package io.bzzz.tracker;

import java.util.List;

/** What {@code bzzz task add} files: an issue with a title, a body and label names. */
public record NewTask(String title, String body, List<String> labels) {
  public NewTask {
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("a task needs a title");
    }
    body = body == null ? "" : body;
    labels = List.copyOf(labels);
  }
}
