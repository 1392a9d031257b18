package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.Task;

/** A task this agent has claimed and not yet finished, failed or handed over. */
record HeldTask(RepoHandle repo, Task task, Claim claim, TaskRef ref) {}
