package io.bzzz.agent.task;

import io.bzzz.agent.capability.Capabilities;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Orders candidate tasks for this agent: only tasks whose every {@code needs:} and {@code model:}
 * label it meets, the most demanding first (an agent with a rare capability should spend it on the
 * tasks that need it, leaving plain tasks to any agent), then the oldest (lowest number).
 */
public final class TaskRanking {
  private TaskRanking() {}

  public static <T> List<T> rank(
      List<T> tasks,
      Function<T, List<String>> labels,
      ToLongFunction<T> number,
      Capabilities capabilities) {
    return tasks.stream()
        .filter(t -> capabilities.missing(labels.apply(t)).isEmpty())
        .sorted(
            Comparator.comparingInt((T t) -> Capabilities.requirements(labels.apply(t)).size())
                .reversed()
                .thenComparingLong(number))
        .toList();
  }
}
