package io.bzzz.agent.task;

import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskState;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.TrackerException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Depends on #n} in a task's body (one or more numbers per line: {@code Depends on #3, #4}):
 * the task is not a candidate until every such issue is done (closed, or labelled {@code
 * bzzz-done}). Done is remembered, as it does not come undone; anything else is asked again at the
 * next poll. An issue that does not exist never becomes done, so the task waits for a human.
 */
public final class Dependencies implements CandidateGate {
  private static final Pattern LINE =
      Pattern.compile("(?im)^[ \\t>*-]*depends on:?((?:[ \\t,]*(?:and)?[ \\t]*#\\d{1,10})+)");
  private static final Pattern NUMBER = Pattern.compile("#(\\d{1,10})");
  private static final int MAX = 50;

  private final Set<String> done = ConcurrentHashMap.newKeySet();

  /** The issue numbers {@code body} says the task depends on, in order, at most 50. */
  public static List<Integer> of(String body) {
    Set<Integer> out = new LinkedHashSet<>();
    Matcher line = LINE.matcher(body);
    while (line.find() && out.size() < MAX) {
      Matcher n = NUMBER.matcher(line.group(1));
      while (n.find() && out.size() < MAX) {
        long v = Long.parseLong(n.group(1));
        if (v > 0 && v <= Integer.MAX_VALUE) {
          out.add((int) v);
        }
      }
    }
    return List.copyOf(out);
  }

  @Override
  public boolean admits(Tracker tracker, Task task) {
    for (int n : of(task.body())) {
      if (n == task.number()) {
        return false; // depends on itself: never
      }
      String key = tracker.repo() + "#" + n;
      if (done.contains(key)) {
        continue;
      }
      Task dep;
      try {
        dep = tracker.task(n);
      } catch (TrackerException.NotFound e) {
        return false;
      }
      if (dep.state() == TaskState.CLOSED || dep.hasLabel(BzzzLabels.DONE)) {
        done.add(key);
      } else {
        return false;
      }
    }
    return true;
  }
}
