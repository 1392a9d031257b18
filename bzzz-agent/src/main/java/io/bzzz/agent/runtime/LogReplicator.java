package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.Payload;
import io.bzzz.log.SignedLog;
import io.bzzz.log.replication.LogRegistry;
import io.bzzz.log.replication.LogReplicationService;
import io.bzzz.p2p.Host;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves this agent's log to peers and, when enabled, follows each peer's log (the {@code log_key}
 * of its capability broadcast) into {@code <data-dir>/peers/<key>}, verifying every block. One
 * virtual thread per followed log, owned here; {@link #close} stops them and the service.
 */
final class LogReplicator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LogReplicator.class);
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final LogReplicationService service;
  private final Path peersDir;
  private final boolean follow;
  private final String ownKey;
  private final Map<String, Thread> followers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  LogReplicator(Host host, SignedLog own, Path peersDir, boolean follow) {
    LogRegistry registry = new LogRegistry();
    registry.register(own);
    this.service = new LogReplicationService(host, registry);
    this.peersDir = peersDir;
    this.follow = follow;
    this.ownKey = HexFormat.of().formatHex(own.key());
  }

  /** A peer's capability broadcast: start following its log if not yet. */
  void onCapabilities(Payload.CapabilityBroadcast caps) {
    String key = caps.logKey();
    if (!follow || closed || key == null || key.isBlank() || key.equals(ownKey)) {
      return;
    }
    if (caps.multiaddrs().isEmpty() || !key.matches("[0-9a-f]{64}")) {
      return;
    }
    followers.computeIfAbsent(
        key,
        k ->
            Thread.ofVirtual()
                .name("log-follow-" + k.substring(0, 8))
                .start(() -> followLoop(k, caps.multiaddrs().get(0))));
  }

  private void followLoop(String key, String multiaddr) {
    byte[] raw = HexFormat.of().parseHex(key);
    while (!closed && !Thread.currentThread().isInterrupted()) {
      try {
        service.replicate(raw, Multiaddr.parse(multiaddr), peersDir.resolve(key), true, n -> {});
      } catch (Exception e) {
        if (closed) {
          return;
        }
        log.atDebug().addKeyValue("log", key).log("log replication stopped: " + e.getMessage());
      }
      try {
        Thread.sleep(RETRY); // back off before following again
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    followers.values().forEach(Thread::interrupt);
    service.close();
  }
}
