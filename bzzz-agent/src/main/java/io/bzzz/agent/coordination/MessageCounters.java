package io.bzzz.agent.coordination;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages in and out per topic, and malformed ones dropped, for {@code /metrics}; messages in per
 * origin peer, for the Mesh Visualizer's busiest links ({@code /api/v1/mesh}).
 */
public final class MessageCounters {
  /** As many origins as the peer table keeps: a flood of made-up senders cannot grow the map. */
  private static final int MAX_ORIGINS = 4096;

  private final Map<String, LongAdder> in = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> inFrom = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> out = new ConcurrentHashMap<>();
  private final LongAdder malformed = new LongAdder();

  void received(String topic, String from) {
    in.computeIfAbsent(topic, t -> new LongAdder()).increment();
    LongAdder origin = inFrom.get(from);
    if (origin == null && inFrom.size() < MAX_ORIGINS) {
      origin = inFrom.computeIfAbsent(from, f -> new LongAdder());
    }
    if (origin != null) {
      origin.increment();
    }
  }

  void sent(String topic) {
    out.computeIfAbsent(topic, t -> new LongAdder()).increment();
  }

  void malformed() {
    malformed.increment();
  }

  public Map<String, Long> receivedByTopic() {
    return snapshot(in);
  }

  /** Messages received per origin peer id (the envelope's {@code from}), since the start. */
  public Map<String, Long> receivedByPeer() {
    return snapshot(inFrom);
  }

  public Map<String, Long> sentByTopic() {
    return snapshot(out);
  }

  public long malformedCount() {
    return malformed.sum();
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
    TreeMap<String, Long> s = new TreeMap<>();
    m.forEach((k, v) -> s.put(k, v.sum()));
    return s;
  }
}
