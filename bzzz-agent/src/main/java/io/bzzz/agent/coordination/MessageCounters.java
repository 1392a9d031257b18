package io.bzzz.agent.coordination;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Messages in and out per topic, and malformed ones dropped, for {@code /metrics}. */
public final class MessageCounters {
  private final Map<String, LongAdder> in = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> out = new ConcurrentHashMap<>();
  private final LongAdder malformed = new LongAdder();

  void received(String topic) {
    in.computeIfAbsent(topic, t -> new LongAdder()).increment();
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
