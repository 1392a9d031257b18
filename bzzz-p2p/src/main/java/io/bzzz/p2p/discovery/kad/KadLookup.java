package io.bzzz.p2p.discovery.kad;

import io.bzzz.p2p.crypto.PeerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * One iterative FIND_NODE lookup (Kademlia §2.3, specs/kad-dht): start from the closest known
 * peers, keep up to alpha queries in flight, merge the closer peers each answer returns, and stop
 * when the k closest peers seen have all answered (or failed). Owns the virtual threads of its
 * queries; a query that is still running when the lookup ends is interrupted.
 */
final class KadLookup {
  /** Asks one peer for the peers closest to a key. */
  @FunctionalInterface
  interface Querier {
    List<KadPeer> findNode(PeerId peer, byte[] key) throws Exception;
  }

  private enum Status {
    FRESH,
    IN_FLIGHT,
    ANSWERED,
    FAILED
  }

  private record Outcome(PeerId peer, List<KadPeer> closer, Exception error) {}

  private final PeerId self;
  private final byte[] key;
  private final KadKey target;
  private final int k;
  private final int alpha;
  private final Querier querier;
  private final Consumer<KadPeer> learned;
  private final Consumer<PeerId> failed;
  private final Map<PeerId, Status> status = new HashMap<>();
  private final Map<PeerId, KadKey> keys = new HashMap<>();

  KadLookup(
      PeerId self,
      byte[] key,
      int k,
      int alpha,
      Querier querier,
      Consumer<KadPeer> learned,
      Consumer<PeerId> failed) {
    this.self = self;
    this.key = key.clone();
    this.target = KadKey.of(key);
    this.k = k;
    this.alpha = alpha;
    this.querier = querier;
    this.learned = learned;
    this.failed = failed;
  }

  /** Runs the lookup; returns the k closest peers that answered, closest first. */
  List<PeerId> run(List<PeerId> seeds) throws InterruptedException {
    seeds.forEach(this::consider);
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletionService<Outcome> results = new ExecutorCompletionService<>(executor);
      try {
        collect(results);
      } finally {
        executor.shutdownNow(); // interrupt queries still running when the lookup ends
      }
    }
    return closest().stream().filter(p -> status.get(p) == Status.ANSWERED).toList();
  }

  private void collect(CompletionService<Outcome> results) throws InterruptedException {
    try {
      int inFlight = 0;
      while (true) {
        for (PeerId peer : closest()) {
          if (inFlight >= alpha) {
            break;
          }
          if (status.get(peer) == Status.FRESH) {
            status.put(peer, Status.IN_FLIGHT);
            inFlight++;
            results.submit(() -> query(peer));
          }
        }
        if (inFlight == 0) {
          break; // every one of the k closest has answered or failed
        }
        Outcome outcome = results.take().get();
        inFlight--;
        if (outcome.error() == null) {
          status.put(outcome.peer(), Status.ANSWERED);
          for (KadPeer p : outcome.closer()) {
            if (!p.id().equals(self)) {
              learned.accept(p);
              consider(p.id());
            }
          }
        } else {
          status.put(outcome.peer(), Status.FAILED);
          failed.accept(outcome.peer());
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("kad query task failed unexpectedly", e.getCause());
    }
  }

  private Outcome query(PeerId peer) {
    try {
      return new Outcome(peer, querier.findNode(peer, key), null);
    } catch (Exception e) {
      return new Outcome(peer, List.of(), e);
    }
  }

  private void consider(PeerId peer) {
    if (!peer.equals(self) && !status.containsKey(peer)) {
      status.put(peer, Status.FRESH);
      keys.put(peer, KadKey.of(peer));
    }
  }

  /** The k closest candidates that have not failed. */
  private List<PeerId> closest() {
    List<PeerId> live = new ArrayList<>();
    status.forEach(
        (peer, s) -> {
          if (s != Status.FAILED) {
            live.add(peer);
          }
        });
    live.sort(Comparator.comparing(keys::get, target::compareDistance));
    return live.size() > k ? live.subList(0, k) : live;
  }
}
