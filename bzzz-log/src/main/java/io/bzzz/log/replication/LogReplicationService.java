package io.bzzz.log.replication;

import io.bzzz.log.LogOptions;
import io.bzzz.log.SignedLog;
import io.bzzz.log.sign.LogIdentity;
import io.bzzz.log.storage.LogFiles;
import io.bzzz.p2p.Connection;
import io.bzzz.p2p.Host;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * Binds log replication into a libp2p host: serves every registered log on {@value #PROTOCOL} and
 * fetches logs from peers into replica directories, which it then serves too. Owns the replicas it
 * opens and closes them, and removes its handler, in {@link #close}.
 */
public final class LogReplicationService implements AutoCloseable {
  public static final String PROTOCOL = "/bzzz/log/1.0.0";
  private static final Duration WAIT_SLICE = Duration.ofSeconds(20);

  private final Host host;
  private final LogRegistry registry;
  private final Map<Path, SignedLog> replicas = new ConcurrentHashMap<>();

  public LogReplicationService(Host host, LogRegistry registry) {
    this.host = host;
    this.registry = registry;
    LogServer server = new LogServer(registry);
    host.setStreamHandler(
        PROTOCOL,
        stream -> server.serve(stream.in(), stream.out(), stream.remotePeer().toString()));
  }

  public LogRegistry registry() {
    return registry;
  }

  /**
   * Fetches the log with {@code key} from {@code peer} into {@code dir} (created when empty) and
   * verifies it; with {@code live}, follows appends until the peer closes the stream.
   */
  public ReplicationResult replicate(
      byte[] key, Multiaddr peer, Path dir, boolean live, LongConsumer onProgress)
      throws IOException {
    Connection connection = host.connect(peer);
    try (P2pStream stream = connection.newStream(List.of(PROTOCOL))) {
      LogClient client = new LogClient(key, connection.remotePeer().toString(), WAIT_SLICE);
      return client.replicate(
          stream.in(), stream.out(), identity -> replicaIn(dir, identity), live, onProgress);
    }
  }

  private SignedLog replicaIn(Path dir, LogIdentity identity) {
    Path normalized = dir.toAbsolutePath().normalize();
    return replicas.computeIfAbsent(
        normalized,
        d -> {
          SignedLog log =
              Files.exists(d.resolve(LogFiles.META))
                  ? SignedLog.open(d, LogOptions.DEFAULT)
                  : SignedLog.createReplica(d, identity, LogOptions.DEFAULT);
          registry.register(log);
          return log;
        });
  }

  @Override
  public void close() {
    host.removeStreamHandler(PROTOCOL);
    for (SignedLog log : replicas.values()) {
      registry.unregister(log);
      log.close();
    }
    replicas.clear();
  }
}
