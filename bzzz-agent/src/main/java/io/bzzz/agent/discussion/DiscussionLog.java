package io.bzzz.agent.discussion;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.log.entry.EntryType;
import java.util.Map;

/** Where a discussion's steps go in the agent's signed log. */
public interface DiscussionLog {

  /** Writes an entry about {@code task} and returns once it is on disk. */
  void record(EntryType type, TaskRef task, Map<String, ?> fields);

  /** Queues an entry about {@code task} without waiting (the mesh's receive thread). */
  void note(EntryType type, TaskRef task, Map<String, ?> fields);
}
