package io.bzzz.agent.exec;

import java.util.List;

/** Task values for executor tests. */
final class Tasks {
  private Tasks() {}

  /** A task whose body the tracker says was never edited. */
  static TaskDetails task(String author, String body) {
    return new TaskDetails(
            "local",
            "demo/sample",
            7,
            "Sample task",
            body,
            author,
            List.of("bzzz-task"),
            "http://127.0.0.1/demo/sample/issues/7",
            "bzzz/task-7")
        .withBodyEditors(List.of());
  }

  static String scriptBody(String script) {
    return "Please do this.\n\n```bzzz-script\n" + script + "\n```\n\nThanks.\n";
  }
}
