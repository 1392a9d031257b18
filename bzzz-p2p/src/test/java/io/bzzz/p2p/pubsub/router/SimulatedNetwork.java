package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.pubsub.GossipParams;
import io.bzzz.p2p.pubsub.MessageId;
import io.bzzz.p2p.pubsub.MessageIdFunction;
import io.bzzz.p2p.pubsub.ReceivedMessage;
import io.bzzz.p2p.pubsub.wire.Rpc;
import io.bzzz.p2p.pubsub.wire.RpcCodec;
import io.bzzz.p2p.pubsub.wire.RpcLimits;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Routers wired by an in-memory network on one virtual clock: links come and go, RPCs travel in
 * FIFO order through the real codec, and nothing is in flight between steps. Links are
 * generation-stamped, so an RPC sent on a link that was cut never arrives on its successor.
 */
final class SimulatedNetwork {
  record Envelope(int from, int to, long generation, byte[] bytes) {}

  final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
  final List<GossipRouter> routers = new ArrayList<>();
  final List<PeerId> ids = new ArrayList<>();

  /** Per node: message id to the number of times the application got it. */
  final List<Map<MessageId, Integer>> deliveries = new ArrayList<>();

  private final Map<PeerId, Integer> index = new HashMap<>();
  private final Map<Long, Long> links = new HashMap<>(); // key(a,b) -> generation
  private final Deque<Envelope> inFlight = new ArrayDeque<>();
  private final RpcCodec codec;
  private long generations;

  SimulatedNetwork(int size, GossipParams params, long seed) {
    codec = new RpcCodec(RpcLimits.defaults(params.maxMessageSize()));
    SecureRandom keys = GossipRouterTest.deterministic(seed);
    for (int i = 0; i < size; i++) {
      int me = i;
      PrivateKey key = PrivateKey.generate(keys);
      Map<MessageId, Integer> got = new HashMap<>();
      deliveries.add(got);
      RouterOutput out =
          new RouterOutput() {
            @Override
            public void send(PeerId peer, Rpc rpc) {
              int to = index.get(peer);
              Long gen = links.get(key(me, to));
              if (gen != null) {
                inFlight.add(new Envelope(me, to, gen, RpcCodec.encode(rpc)));
              }
            }

            @Override
            public void deliver(ReceivedMessage message) {
              got.merge(message.id(), 1, Integer::sum);
            }

            @Override
            public void disconnect(PeerId peer, String reason) {
              cut(me, index.get(peer));
            }
          };
      GossipRouter r =
          new GossipRouter(
              params,
              key,
              clock,
              new Random(seed * 1000 + i),
              MessageIdFunction.FROM_AND_SEQNO,
              out);
      routers.add(r);
      ids.add(key.peerId());
      index.put(key.peerId(), i);
    }
  }

  private static long key(int a, int b) {
    return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
  }

  boolean linked(int a, int b) {
    return links.containsKey(key(a, b));
  }

  /** {@code a} dials {@code b}. */
  void connect(int a, int b) {
    if (a == b || linked(a, b)) {
      return;
    }
    links.put(key(a, b), ++generations);
    routers.get(a).addPeer(ids.get(b), true, true);
    routers.get(b).addPeer(ids.get(a), false, true);
    drain();
  }

  void cut(int a, int b) {
    if (links.remove(key(a, b)) != null) {
      routers.get(a).removePeer(ids.get(b));
      routers.get(b).removePeer(ids.get(a));
    }
  }

  List<Integer> neighbours(int a) {
    List<Integer> out = new ArrayList<>();
    for (int b = 0; b < routers.size(); b++) {
      if (linked(a, b)) {
        out.add(b);
      }
    }
    return out;
  }

  /** Nodes reachable from {@code start} over current links. */
  BitSet component(int start) {
    BitSet seen = new BitSet();
    Deque<Integer> todo = new ArrayDeque<>(List.of(start));
    seen.set(start);
    while (!todo.isEmpty()) {
      for (int n : neighbours(todo.poll())) {
        if (!seen.get(n)) {
          seen.set(n);
          todo.add(n);
        }
      }
    }
    return seen;
  }

  /** Delivers RPCs until none is in flight. */
  void drain() {
    while (!inFlight.isEmpty()) {
      Envelope e = inFlight.poll();
      Long gen = links.get(key(e.from, e.to));
      if (gen != null && gen == e.generation) {
        routers.get(e.to).handleRpc(ids.get(e.from), codec.decode(e.bytes));
      }
    }
  }

  void heartbeat() {
    for (GossipRouter r : routers) {
      r.heartbeat();
      drain();
    }
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  Set<Integer> all() {
    Set<Integer> s = new HashSet<>();
    for (int i = 0; i < routers.size(); i++) {
      s.add(i);
    }
    return s;
  }
}
