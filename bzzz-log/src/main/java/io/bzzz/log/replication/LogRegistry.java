package io.bzzz.log.replication;

import io.bzzz.log.SignedLog;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The logs a node serves, by discovery key: its own and every replica it holds. */
public final class LogRegistry {
  private final Map<String, SignedLog> logs = new ConcurrentHashMap<>();

  public void register(SignedLog log) {
    logs.put(HexFormat.of().formatHex(log.discoveryKey()), log);
  }

  public void unregister(SignedLog log) {
    logs.remove(HexFormat.of().formatHex(log.discoveryKey()), log);
  }

  public Optional<SignedLog> find(byte[] discoveryKey) {
    return Optional.ofNullable(logs.get(HexFormat.of().formatHex(discoveryKey)));
  }
}
