package io.bzzz.agent.runtime;

import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.result.ResultWorkflow;

/** One watched repository: its tracker client and the workflow that reports results to it. */
record RepoHandle(String repository, Tracker tracker, ResultWorkflow results) {}
