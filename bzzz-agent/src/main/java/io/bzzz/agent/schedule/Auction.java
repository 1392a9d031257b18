package io.bzzz.agent.schedule;

import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.Payload.TaskBid;
import io.bzzz.agent.coordination.TaskRef;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live auction of one agent: an {@link AuctionBook} on the wall clock, fed by the mesh and by
 * {@link #taskAvailable}, with one thread of its own that closes rounds at their deadlines and
 * carries out what the book decides (publish a bid, claim a task). Publishing and claiming happen
 * on that thread, never on the caller's (the mesh's receive thread must not wait for either).
 *
 * <p>Bids are taken only from a sender that signed them as the bidder it names (checked by the
 * coordinator) and that the peer table holds as live ({@code knownPeer}).
 */
public final class Auction implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Auction.class);

  /** Claims a task the auction gave this agent; the claim itself stays the tracker's atomic ref. */
  public interface Claimer {
    void claim(TaskRef task, List<String> labels, int rank);
  }

  private final AuctionBook book;
  private final Consumer<Payload> publisher;
  private final Claimer claimer;
  private final Predicate<String> knownPeer;
  private final InstantSource clock;
  private final AuctionCounters counters = new AuctionCounters();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<AuctionBook.Action> pending = new ArrayList<>();
  private boolean closed;
  private final Thread thread;

  public Auction(
      String self,
      AuctionSettings settings,
      Scorer scorer,
      Consumer<Payload> publisher,
      Claimer claimer,
      Predicate<String> knownPeer,
      InstantSource clock) {
    this.publisher = publisher;
    this.claimer = claimer;
    this.knownPeer = knownPeer;
    this.clock = clock;
    this.book =
        new AuctionBook(
            self,
            settings.window(),
            settings.claimTimeout(),
            (task, labels, round, deadline) ->
                scorer
                    .score(labels)
                    .map(
                        s ->
                            new TaskBid(
                                task,
                                self,
                                s.total(),
                                new TaskBid.Terms(
                                    s.capability(), s.load(), s.performance(), s.resources()),
                                round,
                                deadline,
                                labels,
                                scorer.freeSlots(),
                                false)));
    this.thread = Thread.ofVirtual().name("auction").start(this::run);
  }

  /**
   * A task became available (a poll found it, or a {@code task_available} announcement): open a
   * round for it unless one is open. Returns at once.
   */
  public void taskAvailable(TaskRef task, List<String> labels) {
    withBook(now -> book.open(task, labels, now));
  }

  /** Feeds a message heard on the mesh: bids, and claims that end a round. */
  public void onMessage(Envelope env) {
    switch (env.data()) {
      case TaskBid bid -> {
        counters.bidsReceived.incrementAndGet();
        if (!bid.bidder().equals(env.from()) || !knownPeer.test(bid.bidder())) {
          counters.bidsIgnored.incrementAndGet();
          return;
        }
        withBook(now -> book.onBid(bid, now));
      }
      case Payload.TaskClaimed claimed -> claimed(claimed.task());
      default -> {}
    }
  }

  /** The task was claimed (by anyone): its round ends. */
  public void claimed(TaskRef task) {
    lock.lock();
    try {
      book.onClaimed(task);
    } finally {
      lock.unlock();
    }
  }

  public AuctionCounters.Snapshot counters() {
    return counters.snapshot();
  }

  /** The decided claiming order of a task's round, while the round is kept (for tests). */
  public Optional<List<String>> order(TaskRef task) {
    lock.lock();
    try {
      return book.order(task);
    } finally {
      lock.unlock();
    }
  }

  private void withBook(java.util.function.Function<Instant, List<AuctionBook.Action>> step) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      long before = book.roundsOpened();
      pending.addAll(step.apply(clock.instant()));
      counters.roundsOpened.addAndGet(book.roundsOpened() - before);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      List<AuctionBook.Action> todo;
      lock.lock();
      try {
        while (!closed && pending.isEmpty()) {
          Optional<Instant> wake = book.nextWake();
          Duration wait =
              wake.map(w -> Duration.between(clock.instant(), w)).orElse(Duration.ofSeconds(60));
          if (!wait.isNegative() && !wait.isZero()) {
            try {
              changed.awaitNanos(wait.toNanos());
            } catch (InterruptedException e) {
              return;
            }
          }
          pending.addAll(book.tick(clock.instant()));
        }
        if (closed) {
          return;
        }
        todo = List.copyOf(pending);
        pending.clear();
      } finally {
        lock.unlock();
      }
      todo.forEach(this::carryOut);
    }
  }

  private void carryOut(AuctionBook.Action action) {
    try {
      switch (action) {
        case AuctionBook.Publish p -> {
          counters.bidsSent.incrementAndGet();
          publisher.accept(p.bid());
        }
        case AuctionBook.Claim c -> {
          if (c.rank() == 0) {
            counters.roundsWon.incrementAndGet();
          } else {
            counters.fallbackClaims.incrementAndGet();
          }
          log.atDebug()
              .addKeyValue("task", c.task())
              .addKeyValue("rank", c.rank())
              .log("auction: claiming");
          claimer.claim(c.task(), c.labels(), c.rank());
        }
      }
    } catch (RuntimeException e) {
      log.atWarn().setCause(e).log("auction step failed");
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
