package io.bzzz.agent.schedule;

import io.bzzz.agent.coordination.Payload.TaskBid;
import io.bzzz.agent.coordination.TaskRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The auction as pure state on a caller's clock: rounds, bids, decisions. No threads, no mesh: the
 * caller ({@link Auction} live, the benchmark's simulation on a virtual clock) feeds it what
 * happens and carries out the {@link Action}s it returns.
 *
 * <p>A round opens for a task when this agent finds it ({@link #open}) or hears the first bid for
 * it ({@link #onBid}); either way this agent bids at once if it can (else the opener abstains, so
 * the others still hear of the task). At the deadline every agent ranks the bids it holds with the
 * {@link WinnerRule}; a bidder wins at most {@code free_slots} of the rounds that close within one
 * window of each other (a poll opens many at once), the next in order taking the rest. The first in
 * the order claims at once, the k-th at {@code deadline + k * claimTimeout} unless a {@code
 * task_claimed} for the task was heard. A round nobody bid on is claimed by its opener one claim
 * timeout after the deadline, as a poll without auction would, unless a bid came late meanwhile.
 * Other bids that come after the local deadline are ignored.
 *
 * <p>Nothing here is needed for safety: the claim is the tracker's atomic ref, so two agents that
 * decided differently (different bids heard, a partition) both try and one wins.
 */
public final class AuctionBook {
  /** Rounds kept at most; a new round beyond it is refused (the next poll finds the task again). */
  public static final int MAX_ROUNDS = 1024;

  /** How this agent bids: its bid for a task, or empty when it cannot or may not. */
  public interface Bidder {
    Optional<TaskBid> bid(TaskRef task, List<String> labels, String round, Instant deadline);
  }

  /** What the caller does. */
  public sealed interface Action {}

  /** Publish this bid on the coordination topic. */
  public record Publish(TaskBid bid) implements Action {}

  /**
   * Claim the task now: {@code rank} 0 is the winner, k the k-th fallback, -1 the opener of a round
   * nobody bid on.
   */
  public record Claim(TaskRef task, List<String> labels, int rank) implements Action {}

  private static final class Round {
    final TaskRef task;
    final List<String> labels;
    final String id;
    final Instant deadline;
    final boolean opener;
    final Map<String, TaskBid> bids = new LinkedHashMap<>();
    List<String> order; // null until decided
    int myRank = -2;
    boolean claimedSeen;
    boolean claimIssued;
    Instant expires;

    Round(TaskRef task, List<String> labels, String id, Instant deadline, boolean opener) {
      this.task = task;
      this.labels = List.copyOf(labels);
      this.id = id;
      this.deadline = deadline;
      this.opener = opener;
    }
  }

  private final String self;
  private final Duration window;
  private final Duration claimTimeout;
  private final Bidder bidder;
  private final Map<TaskRef, Round> rounds = new HashMap<>();
  private long opened;
  private long decided;
  private long bidsReceived;
  private long late;

  public AuctionBook(String self, Duration window, Duration claimTimeout, Bidder bidder) {
    this.self = self;
    this.window = window;
    this.claimTimeout = claimTimeout;
    this.bidder = bidder;
  }

  /** This agent found {@code task}: open a round unless one is open; bid or abstain. */
  public List<Action> open(TaskRef task, List<String> labels, Instant now) {
    expire(now);
    if (rounds.containsKey(task) || rounds.size() >= MAX_ROUNDS) {
      return List.of();
    }
    Instant deadline = now.plus(window);
    String id = self + "/" + task + "@" + deadline.toEpochMilli();
    Round r = new Round(task, labels, id, deadline, true);
    rounds.put(task, r);
    opened++;
    Optional<TaskBid> mine = bidder.bid(task, r.labels, id, deadline);
    TaskBid sent =
        mine.orElseGet(
            () ->
                new TaskBid(
                    task, self, 0, new TaskBid.Terms(0, 0, 0, 0), id, deadline, r.labels, 0, true));
    r.bids.put(self, sent);
    return List.of(new Publish(sent));
  }

  /**
   * A peer's bid (the caller checked that its sender signed it). The first bid heard for a task
   * opens the round here too, with the sender's deadline pulled into {@code [now, now + window]}
   * (clocks differ; a far deadline must not hold the task), and this agent bids.
   */
  public List<Action> onBid(TaskBid bid, Instant now) {
    expire(now);
    bidsReceived++;
    if (bid.bidder().equals(self)) {
      return List.of();
    }
    Round r = rounds.get(bid.task());
    if (r == null) {
      if (rounds.size() >= MAX_ROUNDS) {
        return List.of();
      }
      Instant deadline = bid.deadline();
      if (deadline.isBefore(now)) {
        deadline = now;
      } else if (deadline.isAfter(now.plus(window))) {
        deadline = now.plus(window);
      }
      r = new Round(bid.task(), bid.labels(), bid.round(), deadline, false);
      rounds.put(bid.task(), r);
      opened++;
      r.bids.put(bid.bidder(), bid);
      Optional<TaskBid> mine = bidder.bid(r.task, r.labels, r.id, r.deadline);
      if (mine.isPresent()) {
        r.bids.put(self, mine.get());
        return List.of(new Publish(mine.get()));
      }
      return List.of();
    }
    if (r.order != null) {
      late++;
      if (r.order.isEmpty() && !bid.abstain()) {
        // nobody had bid here: a late bid beats the opener's fallback (the bidder decided on it)
        r.bids.put(bid.bidder(), bid);
        r.order = null;
        decide(r);
      }
      return List.of();
    }
    r.bids.merge(bid.bidder(), bid, (x, y) -> WinnerRule.ORDER.compare(x, y) <= 0 ? x : y);
    return List.of();
  }

  /** Someone claimed the task ({@code task_claimed} heard, or our own claim): nobody else tries. */
  public void onClaimed(TaskRef task) {
    Round r = rounds.get(task);
    if (r != null) {
      r.claimedSeen = true;
    }
  }

  /** Decides rounds whose deadline passed and returns the claims now due. */
  public List<Action> tick(Instant now) {
    List<Round> due =
        rounds.values().stream()
            .filter(r -> r.order == null && !r.deadline.isAfter(now))
            .sorted(
                Comparator.comparing((Round r) -> r.deadline)
                    .thenComparing(r -> r.task.toString())
                    .thenComparing(r -> r.task.tracker()))
            .toList();
    for (Round r : due) {
      decide(r);
    }
    List<Action> out = new ArrayList<>();
    for (Round r : rounds.values()) {
      if (r.order == null || r.claimIssued || r.claimedSeen || r.myRank == -2) {
        continue;
      }
      Instant at = claimAt(r);
      if (!at.isAfter(now)) {
        r.claimIssued = true;
        out.add(new Claim(r.task, r.labels, r.myRank));
      }
    }
    expire(now);
    return out;
  }

  private void decide(Round r) {
    decided++;
    // wins already given to a bidder in rounds that closed within one window before this one
    Map<String, Integer> wins = new HashMap<>();
    for (Round o : rounds.values()) {
      if (o != r
          && o.order != null
          && !o.order.isEmpty()
          && !o.deadline.isAfter(r.deadline)
          && o.deadline.isAfter(r.deadline.minus(window))) {
        wins.merge(o.order.getFirst(), 1, Integer::sum);
      }
    }
    List<TaskBid> ranked = WinnerRule.rank(r.bids.values());
    List<String> order = new ArrayList<>();
    List<String> full = new ArrayList<>();
    for (TaskBid b : ranked) {
      (wins.getOrDefault(b.bidder(), 0) < Math.max(1, b.freeSlots()) ? order : full)
          .add(b.bidder());
    }
    order.addAll(full); // busy winners stay as the last fallbacks
    r.order = List.copyOf(order);
    int rank = order.indexOf(self);
    r.myRank = rank >= 0 ? rank : (order.isEmpty() && r.opener ? -1 : -2);
    int steps = Math.max(1, order.size() + 1);
    r.expires = r.deadline.plus(claimTimeout.multipliedBy(steps)).plus(window);
  }

  /**
   * When this agent claims: the winner at the deadline, the k-th bidder k claim timeouts later, the
   * opener of a round nobody bid on one claim timeout later (a bid may be late, not absent).
   */
  private Instant claimAt(Round r) {
    return r.myRank == 0
        ? r.deadline
        : r.deadline.plus(claimTimeout.multipliedBy(Math.max(1, r.myRank)));
  }

  private void expire(Instant now) {
    rounds.values().removeIf(r -> r.expires != null && !r.expires.isAfter(now));
  }

  /** When {@link #tick} has something to do next, if anything. */
  public Optional<Instant> nextWake() {
    Instant next = null;
    for (Round r : rounds.values()) {
      Instant at;
      if (r.order == null) {
        at = r.deadline;
      } else if (!r.claimIssued && !r.claimedSeen && r.myRank != -2) {
        at = claimAt(r);
      } else {
        at = r.expires;
      }
      if (next == null || at.isBefore(next)) {
        next = at;
      }
    }
    return Optional.ofNullable(next);
  }

  /** The order decided for {@code task}, if its round is decided and kept. */
  public Optional<List<String>> order(TaskRef task) {
    return Optional.ofNullable(rounds.get(task)).map(r -> r.order);
  }

  public int openRounds() {
    return rounds.size();
  }

  public long roundsOpened() {
    return opened;
  }

  public long roundsDecided() {
    return decided;
  }

  public long bidsReceived() {
    return bidsReceived;
  }

  public long lateBids() {
    return late;
  }
}
