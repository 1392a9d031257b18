package io.bzzz.agent.schedule;

import io.bzzz.agent.coordination.Payload.TaskBid;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which bidders may claim a task, the same on every agent that saw the same bids, in
 * whatever order they arrived: the highest score first, equal scores by the smaller peer id.
 * Abstentions do not compete; a bidder that sent several bids counts with its best one (so the
 * order of arrival cannot matter).
 */
public final class WinnerRule {
  /** Best first. */
  public static final Comparator<TaskBid> ORDER =
      Comparator.comparingDouble(TaskBid::score).reversed().thenComparing(TaskBid::bidder);

  private WinnerRule() {}

  /** Each bidder's best bid, abstentions left out, best first. */
  public static List<TaskBid> rank(Collection<TaskBid> bids) {
    Map<String, TaskBid> best = new HashMap<>();
    for (TaskBid b : bids) {
      if (!b.abstain()) {
        best.merge(b.bidder(), b, (x, y) -> ORDER.compare(x, y) <= 0 ? x : y);
      }
    }
    return best.values().stream().sorted(ORDER).toList();
  }

  /** The bidders in claiming order. */
  public static List<String> order(Collection<TaskBid> bids) {
    return rank(bids).stream().map(TaskBid::bidder).toList();
  }
}
