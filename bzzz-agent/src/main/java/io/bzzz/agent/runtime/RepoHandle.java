package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.task.TrackerTasks;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.result.ResultWorkflow;

/**
 * One watched repository: the kind of tracker it lives on, its client, and the workflow that
 * reports results to it. The kind travels with the handle, so every task taken from it is named on
 * the mesh after the tracker it came from. Its labels are ensured at start, or at the first poll
 * when the tracker was away then.
 */
record RepoHandle(
    String repository,
    TrackerKind kind,
    Tracker tracker,
    ResultWorkflow results,
    TrackerLabels labels) {

  /** How the mesh names {@code task} of this repository. */
  TaskRef ref(Task task) {
    return TrackerTasks.ref(task, kind);
  }
}
