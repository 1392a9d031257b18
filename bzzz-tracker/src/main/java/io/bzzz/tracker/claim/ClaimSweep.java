package io.bzzz.tracker.claim;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Claims up to {@code max} candidate tasks: lists candidates, tries them in a random order (so that
 * agents starting together do not all race for the same first task), and lists again until the
 * quota is reached or every candidate has been tried once.
 */
public final class ClaimSweep {
  private static final int PAGE_LIMIT = 200;

  private ClaimSweep() {}

  /**
   * @param onWin called for each won claim as soon as it is won (the CLI prints it at once)
   */
  public static List<Claim> run(
      Tracker tracker, AgentIdentity me, int max, RandomGenerator order, Consumer<Claim> onWin) {
    List<Claim> won = new ArrayList<>();
    Set<Integer> tried = new HashSet<>();
    while (won.size() < max) {
      List<Task> fresh = new ArrayList<>();
      for (Task t : tracker.candidates(PAGE_LIMIT + tried.size())) {
        if (!tried.contains(t.number())) {
          fresh.add(t);
        }
      }
      if (fresh.isEmpty()) {
        break;
      }
      shuffle(fresh, order);
      for (Task task : fresh) {
        if (won.size() >= max) {
          break;
        }
        tried.add(task.number());
        if (tracker.claim(task.number(), me) instanceof ClaimResult.Won w) {
          won.add(w.claim());
          onWin.accept(w.claim());
        }
      }
    }
    return won;
  }

  private static <T> void shuffle(List<T> list, RandomGenerator random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }
}
